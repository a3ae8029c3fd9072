/* sim_clock.h - the simulated clock's side in a test program (see
 * sim_clock.c). Built with -DFLUID_SIM_CLOCK and linked with
 * %fluid_link_sim_clock, SIM_WORK(n) advances the simulated clock by n
 * cycles of the calling function's own work; otherwise it does nothing. */
#ifndef FLUID_TEST_SIM_CLOCK_H
#define FLUID_TEST_SIM_CLOCK_H
#ifdef FLUID_SIM_CLOCK
#include <stdint.h>
void fluid_sim_work(uint64_t cycles);
#define SIM_WORK(cycles) fluid_sim_work(cycles)
#else
#define SIM_WORK(cycles) ((void)0)
#endif
#endif
