// Built pre-inline by runtime-cxx-caught-by-libstdcxx.cpp: a loader that
// reads a stream into chunks freed by a guard, whose destructor and the
// chunk functions are inlined (their hooks pass a null frame).
#include <cstdlib>
#include <istream>

namespace lib {
struct chunk {
  chunk *next;
  std::streamsize size;
  char data[64];
  static chunk *create() {
    chunk *c = static_cast<chunk *>(std::malloc(sizeof(chunk)));
    c->next = nullptr;
    c->size = 0;
    return c;
  }
  static void destroy(chunk *c) {
    while (c) {
      chunk *next = c->next;
      std::free(c);
      c = next;
    }
  }
};

template <typename T> struct auto_deleter {
  T *data;
  void (*deleter)(T *);
  auto_deleter(T *data, void (*deleter)(T *)) : data(data), deleter(deleter) {}
  ~auto_deleter() {
    if (data)
      deleter(data);
  }
};

// -1 when the stream fails (istream::read catches what underflow() throws
// and sets badbit), else the bytes read.
long load(std::istream &in) {
  auto_deleter<chunk> chunks(chunk::create(), chunk::destroy);
  chunk *last = chunks.data;
  long bytes = 0;
  while (!in.eof()) {
    in.read(last->data, sizeof(last->data));
    last->size = in.gcount();
    bytes += last->size;
    if (in.bad() || (in.fail() && !in.eof()))
      return -1;
    if (!in.eof()) {
      last->next = chunk::create();
      last = last->next;
    }
  }
  return bytes;
}
} // namespace lib
