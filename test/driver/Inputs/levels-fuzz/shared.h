// The random-plan fuzzer's C++17 program (levels-random-plans-cxx.test):
// what both of its files share. Every construct here makes the front end
// emit discardable (comdat) functions or variables that two parts, or two
// files at different levels, both need: inline functions with static
// locals, templates with static members, classes with virtual, multiple
// and virtual inheritance (constructor and destructor variants, thunks,
// VTTs), std::function and lambdas.
#ifndef LEVELS_FUZZ_SHARED_H
#define LEVELS_FUZZ_SHARED_H

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

// An inline function with a static local that must stay one object.
inline long &tally() {
  static long Count = 0;
  return Count;
}

// A static local with a dynamic initializer: a guard variable.
inline std::string &greeting() {
  static std::string Text = std::string("hel") + "lo";
  return Text;
}

// Templates with static members, instantiated in both files.
template <typename T> struct Registry {
  static std::vector<T> Items;
  static int Adds;
  static void add(T Item) {
    Items.push_back(Item);
    ++Adds;
  }
};
template <typename T> std::vector<T> Registry<T>::Items;
template <typename T> int Registry<T>::Adds = 0;

// Static registration through objects with implicit virtual destructors.
struct Runner {
  virtual ~Runner() {}
  virtual int run(int X) = 0;
  static Runner *Head;
  Runner *Next;
  Runner() {
    Next = Head;
    Head = this;
  }
};

// Multiple inheritance: thunks for the second base's functions.
struct Shape {
  virtual ~Shape() = default;
  virtual long area() const = 0;
};
struct Named {
  virtual ~Named() = default;
  virtual std::string name() const = 0;
};
struct Square : Shape, Named {
  long Side;
  explicit Square(long S) : Side(S) {}
  long area() const override { return Side * Side; }
  std::string name() const override { return "square" + std::to_string(Side); }
};

// Virtual bases: VTTs, construction vtables, distinct C1 and C2.
struct Base {
  long Value;
  explicit Base(long V) : Value(V) {}
  virtual ~Base() { tally() += 1; }
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
  explicit Diamond(long V) : Base(V), Left(V), Right(V) {}
  long get() const override { return Left::get() * 2; }
};

struct BadInput : std::runtime_error {
  long Code;
  BadInput(const std::string &What, long C)
      : std::runtime_error(What), Code(C) {}
};

long parseNumber(const std::string &Text);                  // lib.cpp
std::function<long(long)> makeScaler(long Factor);          // lib.cpp
long sumAreas(const std::vector<std::unique_ptr<Shape>> &); // lib.cpp
std::map<std::string, long> countWords(const std::string &Text); // lib.cpp
long diamondValue(long V);                                  // lib.cpp

#endif
