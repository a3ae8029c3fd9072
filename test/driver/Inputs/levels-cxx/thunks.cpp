// Thunks across levels: overriding a second base's virtual function and a
// virtual base's makes the front end emit this-adjusting thunks (non-virtual
// and virtual), discardable functions that call the overrider.
#include <cstdio>
#include <memory>
#include <vector>
struct Shape {
  virtual ~Shape() = default;
  virtual long area() const = 0;
};
struct Named {
  virtual ~Named() = default;
  virtual long tag() const { return 0; }
};
struct Square : Shape, Named {
  long Side;
  explicit Square(long S) : Side(S) {}
  long area() const override { return Side * Side; }
  long tag() const override { return Side + 100; }
};
struct Root {
  virtual ~Root() = default;
  virtual long id() const { return 1; }
};
struct Mid : virtual Root {
  long id() const override { return 7; }
};
struct Leaf : Mid {};

int main() {
  std::vector<std::unique_ptr<Named>> Names;
  std::vector<std::unique_ptr<Root>> Roots;
  long Sum = 0;
  for (int I = 0; I < 500; ++I) {
    auto *S = new Square(I % 9);
    Sum += S->area();
    Names.emplace_back(S);
    Roots.emplace_back(new Leaf);
  }
  for (auto &N : Names)
    Sum += N->tag();
  for (auto &R : Roots)
    Sum += R->id();
  std::printf("%ld\n", Sum);
  return 0;
}
