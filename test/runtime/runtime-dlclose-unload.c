// dlclose of an instrumented shared object: the program still exits 0 with
// its buffered output, and the profile keeps the unloaded object's exact
// counts, from the main thread and from a worker that ends after the
// unload; loaded again (at the same address, usually), its counts add up.
// Both with an instrumented program (the runtime sees the unload) and with
// an uninstrumented one (the runtime goes with the object, writing first).
// The unloaded object's functions keep their level.
// RUN: %clang -O1 -fPIC -shared %fluid_cc_instrument %S/Inputs/unload-lib.c -o %t.lib.so %fluid_link_hosted
// RUN: %clang -O1 %fluid_cc_instrument %s -o %t.inst -pthread %fluid_link_hosted
// RUN: %clang -O1 %s -o %t.plain -pthread
// RUN: env FLUID_PROFILE_FILE=%t.inst.profile %t.inst %t.lib.so > %t.inst.out
// RUN: %FileCheck --check-prefix=OUT %s < %t.inst.out
// RUN: %profile_check %t.inst.profile | %FileCheck --check-prefixes=CHECK,HOST %s
// The runtime's copies of the unloaded object's records keep their level.
// RUN: %fluid_prof extract %t.inst.profile -o %t.inst.json
// RUN: %python %S/Inputs/profile_levels.py --all=O1 %t.inst.json | %FileCheck --check-prefix=LEVELS %s
// RUN: env FLUID_PROFILE_FILE=%t.inst-reload.profile %t.inst %t.lib.so reload > %t.inst-reload.out
// RUN: %FileCheck --check-prefixes=OUT,RELOAD-OUT %s < %t.inst-reload.out
// RUN: %profile_check %t.inst-reload.profile | %FileCheck --check-prefix=RELOAD %s
// RUN: env FLUID_PROFILE_FILE=%t.plain.profile %t.plain %t.lib.so > %t.plain.out
// RUN: %FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %profile_check %t.plain.profile | %FileCheck %s
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef int (*sum_fn)(int);
static sum_fn lib_sum;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int stage;

static void wait_for(int wanted) {
  pthread_mutex_lock(&lock);
  while (stage < wanted)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

static void move_to(int next) {
  pthread_mutex_lock(&lock);
  stage = next;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

// Calls the library, then outlives its unload.
static void *worker(void *arg) {
  (void)arg;
  printf("worker %d\n", lib_sum(4));
  move_to(1);
  wait_for(2);
  return NULL;
}

static sum_fn load(const char *path, void **handle) {
  *handle = dlopen(path, RTLD_NOW);
  return *handle ? (sum_fn)dlsym(*handle, "unload_sum") : NULL;
}

int main(int argc, char **argv) {
  void *handle;
  if (argc < 2 || !(lib_sum = load(argv[1], &handle)))
    return 2;
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  wait_for(1);
  printf("main %d\n", lib_sum(10));
  if (dlclose(handle) != 0)
    return 3;
  move_to(2);
  pthread_join(thread, NULL);
  if (argc == 3 && strcmp(argv[2], "reload") == 0) {
    if (!(lib_sum = load(argv[1], &handle)))
      return 4;
    printf("again %d\n", lib_sum(3));
    dlclose(handle);
  }
  printf("done\n");
  return 0;
}
// OUT: worker 14
// OUT-NEXT: main 285
// RELOAD-OUT-NEXT: again 5
// OUT-NEXT: done
// CHECK: function unload_square calls=14
// CHECK-NEXT: function unload_sum calls=2
// HOST: edge main -> unload_sum calls=1
// HOST-NEXT: edge runtime-dlclose-unload.c:worker -> unload_sum calls=1
// CHECK: edge unload_sum -> unload_square calls=14
// CHECK: event threads=2
// RELOAD: function unload_square calls=17
// RELOAD-NEXT: function unload_sum calls=3
// RELOAD: edge main -> unload_sum calls=2
// RELOAD: edge unload_sum -> unload_square calls=17
// LEVELS: levels: O1{{$}}
