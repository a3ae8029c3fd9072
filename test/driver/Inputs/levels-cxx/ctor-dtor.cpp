// Constructor and destructor variants across levels: classes registered by
// static objects with implicit virtual destructors (the deleting destructor
// D0 calls the base-object destructor D2, which -O2 inlines everywhere and
// -O0's front end emits where the others use the base class's), and a class
// whose out-of-line constructor and destructor -O2 aliases (C1 to C2, D1 to
// D2) and -O0 emits as functions.
#include <cstdio>
struct runner {
  virtual ~runner() {}
  virtual int run() = 0;
  static runner *head;
  runner *next;
  runner() { next = head; head = this; }
};
runner *runner::head = nullptr;
struct t1 : runner { int run() override { return 1; } };
struct t2 : runner { int run() override { return 2; } };
static t1 r1;
static t2 r2;

struct Node {
  Node(int V);
  ~Node();
  int Value;
};
static int Live;
Node::Node(int V) : Value(V) { ++Live; }
Node::~Node() { --Live; }

int main() {
  long s = 0;
  for (int i = 0; i < 2000; i++)
    for (runner *r = runner::head; r; r = r->next)
      s += r->run();
  runner *Heap = new t1;
  s += Heap->run();
  delete Heap;
  {
    Node A(3), B(4);
    s += A.Value * B.Value + Live;
  }
  std::printf("%ld %d\n", s, Live);
  return 0;
}
