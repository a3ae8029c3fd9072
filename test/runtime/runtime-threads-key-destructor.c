// events.threads counts threads, not the runtime's contexts: a program's
// thread-key destructor that runs instrumented code after the runtime's own
// (its key was made later) maps the thread a second context, which must not
// count as another thread (it read 17 for these 9). The destructor's calls
// are still counted, exactly.
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t -pthread %fluid_link_hosted
// RUN: env FLUID_PROFILE_FILE=%t.profile %t | %FileCheck --check-prefix=OUT %s
// RUN: %profile_check %t.profile | %FileCheck %s
#include <pthread.h>
#include <stdio.h>

static pthread_key_t key;
volatile int sink;

__attribute__((noinline)) void cleanup_step(int x) { sink += x; }

void cleanup(void *value) { cleanup_step((int)(long)value); }

__attribute__((noinline)) void step(int x) { sink += x; }

void *worker(void *arg) {
  pthread_setspecific(key, arg);
  for (int i = 0; i < 1000; i++)
    step(i);
  return NULL;
}

int main(void) {
  step(0); /* the runtime's key is made now, before the program's */
  pthread_key_create(&key, cleanup);
  pthread_t threads[8];
  for (long i = 0; i < 8; i++)
    pthread_create(&threads[i], NULL, worker, (void *)(i + 1));
  for (int i = 0; i < 8; i++)
    pthread_join(threads[i], NULL);
  printf("joined\n");
  return 0;
}
// OUT: joined
// CHECK: function cleanup calls=8
// CHECK: function cleanup_step calls=8
// CHECK: function step calls=8001
// CHECK: function worker calls=8
// CHECK: edge cleanup -> cleanup_step calls=8
// CHECK: event threads=9
