// shapes.cpp - C++17 with the standard library, templates, virtual calls,
// inline functions (comdats), static locals and exceptions that cross
// functions the plan puts at different levels.
#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <cstdio>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};

struct Rect : Shape {
  double W, H;
  Rect(double W, double H) : W(W), H(H) {}
  double area() const override { return W * H; }
  std::string name() const override { return "rect"; }
};

struct Circle : Shape {
  double R;
  explicit Circle(double R) : R(R) {
    if (R < 0)
      throw std::invalid_argument("negative radius");
  }
  double area() const override { return 3.14159 * R * R; }
  std::string name() const override { return "circle"; }
};

template <typename T> T clampTo(T V, T Lo, T Hi) { return std::min(std::max(V, Lo), Hi); }

static int counter() {
  static int Calls = 0;
  return ++Calls;
}

std::unique_ptr<Shape> make(int I) {
  counter();
  if (I % 3 == 0)
    return std::make_unique<Rect>(I, I + 1);
  return std::make_unique<Circle>(I % 7 == 6 ? -1.0 : I * 0.5);
}

double total(const std::vector<std::unique_ptr<Shape>> &Shapes) {
  double Sum = 0;
  for (const auto &S : Shapes)
    Sum += clampTo(S->area(), 0.0, 1000.0);
  return Sum;
}

int main() {
  std::vector<std::unique_ptr<Shape>> Shapes;
  std::map<std::string, int> Kinds;
  int Errors = 0;
  for (int I = 0; I < 2000; ++I) {
    try {
      Shapes.push_back(make(I));
      ++Kinds[Shapes.back()->name()];
    } catch (const std::invalid_argument &E) {
      ++Errors;
    }
  }
  std::ostringstream Out;
  Out << "shapes " << Shapes.size() << " errors " << Errors << " calls "
      << counter() - 1;
  for (const auto &[Kind, Count] : Kinds)
    Out << ' ' << Kind << '=' << Count;
  char Buf[64];
  std::snprintf(Buf, sizeof Buf, " total %.3f", total(Shapes));
  std::puts((Out.str() + Buf).c_str());
  return 0;
}
