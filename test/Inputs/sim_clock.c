/* sim_clock.c - the simulated clock of the test-only hosted runtime
 * libfluid_rt_hosted_simclock.so (test/CMakeLists.txt): the runtime's
 * sources built with FLUID_TEST_CLOCK=fluid_sim_clock link this file, so
 * every clock read of the hooks returns the simulated time and then
 * advances it by 50 cycles (the hooks' cost, which the calibration finds
 * exactly: probe_cost.inner is 50). A program advances it by its own "work" with
 * fluid_sim_work (test/Inputs/sim_clock.h). Every figure of a profile is
 * then exact and the same on every machine, under any load: tests assert
 * cycles, shares, probe floors and lists derived from them on this clock,
 * never on the real one (test/README.md). Single-threaded programs only:
 * threads interleave their reads in any order. */
#include <stdint.h>

#define SIM_API __attribute__((visibility("default"), no_instrument_function))

static uint64_t simulated_now = 1000000;
enum { STEP = 50 };

SIM_API uint64_t fluid_sim_clock(void) {
  uint64_t now = simulated_now;
  simulated_now += STEP;
  return now;
}

SIM_API void fluid_sim_work(uint64_t cycles) { simulated_now += cycles; }
