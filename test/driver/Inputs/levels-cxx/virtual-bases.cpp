// Virtual bases across levels: a diamond's complete-object constructor (C1)
// and base-object constructors (C2, which take a VTT) differ, and the
// front end emits VTTs and construction vtables. Diamond's are strong (its
// key function and constructor are out of line), Left's discardable.
#include <cstdio>
struct Base {
  long Value;
  explicit Base(long V) : Value(V) {}
  virtual ~Base() {}
  virtual long get() const { return Value; }
};
struct Left : virtual Base {
  explicit Left(long V) : Base(V) {}
  long get() const override { return Base::get() + 1; }
};
struct Right : virtual Base {
  explicit Right(long V) : Base(V) {}
};
struct Diamond : Left, Right {
  explicit Diamond(long V);
  long get() const override;
};
Diamond::Diamond(long V) : Base(V), Left(V), Right(V) {}
long Diamond::get() const { return Left::get() * 2; }

static long build(long V) {
  Diamond D(V);
  Left L(V);
  const Base &B = D;
  return B.get() + L.get() + D.Right::Value;
}

int main() {
  long Sum = 0;
  for (int I = 0; I < 3000; ++I)
    Sum += build(I % 31);
  Base *Heap = new Diamond(5);
  Sum += Heap->get();
  delete Heap;
  std::printf("%ld\n", Sum);
  return 0;
}
