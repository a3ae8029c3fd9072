/* request.h - what the command line asks the kernel to do.
 *
 * Filled by cmdline_parse (cmdline.c); module selection itself is stored in
 * each module's `iterations` field (modules/module.h), so there is no limit
 * on how many modules a command line may name.
 */
#ifndef FLUID_REQUEST_H
#define FLUID_REQUEST_H

#include "types.h"

enum fault_mode { FAULT_NONE, FAULT_UD2, FAULT_DIVIDE, FAULT_PAGE, FAULT_STACK };

struct run_request {
  enum fault_mode fault; /* deliberately raise this exception */
  uint32_t timer_hz;     /* PIT interrupts during the run; 0 = none */
  bool icount;           /* the TSC counts instructions (-icount) */
  bool export_profile;   /* instrumented kernels: export at the end */
  bool list_only;        /* print the module table and stop */
};

#endif /* FLUID_REQUEST_H */
