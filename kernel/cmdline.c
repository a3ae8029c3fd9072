/* cmdline.c - parses the kernel command line into a run request.
 *
 * Words are separated by spaces; each is `key=value` or a bare flag:
 *   modules=all | NAME[:COUNT][,NAME[:COUNT]...]   which workloads, how often
 *   iters=COUNT        iterations for modules given without a count
 *   fault=ud2|div0|pagefault|stack   raise that exception (diagnostic
 *                      tests; stack makes a double fault)
 *   timer=HZ           PIT interrupts at HZ while the modules run
 *   clock=icount|tsc   what the TSC measures (scripts/qemu-run sets icount)
 *   profile=on|off     export the profile (instrumented kernels)
 *   list               print the registered modules and exit
 *   cpuid              print the raw CPUID leaves and XCR0, exit 0 (the
 *                      host checks the CPU model table against QEMU)
 * Anything else is an error with a message naming the word at fault: a
 * typo must not silently run a different experiment. So is a module named
 * twice (`modules=physics:1,physics:2`, or in two modules= words) and an
 * option given twice (`iters=2 iters=3`): no value silently wins.
 */
#include "../modules/module.h"
#include "defs.h"
#include "features.h"
#include "request.h"

#define MAX_COUNT 1000000u
#define WORD_MAX 256

static NOINSTR bool parse_count(const char *text, size_t length,
                                uint32_t minimum, uint32_t maximum,
                                uint32_t *out) {
  uint32_t value = 0;
  if (length == 0 || length > 7)
    return false;
  for (size_t i = 0; i < length; i++) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    value = value * 10 + (uint32_t)(text[i] - '0');
  }
  if (value < minimum || value > maximum)
    return false;
  *out = value;
  return true;
}

static NOINSTR struct fluid_module *find_module(const char *name,
                                                size_t length) {
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++)
    if (kstrlen(m->name) == length && kstrncmp(m->name, name, length) == 0)
      return m;
  return 0;
}

static NOINSTR void print_word(const char *text, size_t length) {
  serial_write(text, length);
}

static NOINSTR int bad_value(const char *key, const char *value, size_t length,
                             const char *want) {
  kprintf("cmdline: bad value '");
  print_word(value, length);
  kprintf("' for %s (want %s)\n", key, want);
  return -1;
}

/* modules=a,b:3,c -> marks each module with its count (0 = use iters=). */
static NOINSTR int parse_modules(const char *list, size_t length) {
  const char *end = list + length;
  if (length == 3 && kstrncmp(list, "all", 3) == 0) {
    for (struct fluid_module *m = __start_fluid_modules;
         m < __stop_fluid_modules; m++)
      if (!(m->flags & MODULE_HIDDEN))
        m->iterations = UINT32_MAX; /* resolved to a count later */
    return 0;
  }
  while (list < end) {
    const char *item = list, *colon = 0;
    while (list < end && *list != ',') {
      if (*list == ':' && !colon)
        colon = list;
      list++;
    }
    size_t name_length = (size_t)((colon ? colon : list) - item);
    struct fluid_module *m = find_module(item, name_length);
    if (!m) {
      kprintf("cmdline: unknown module '");
      print_word(item, name_length);
      kprintf("'; known modules:");
      for (m = __start_fluid_modules; m < __stop_fluid_modules; m++)
        kprintf(" %s", m->name);
      kprintf("\n");
      return -1;
    }
    if (m->iterations) {
      /* Keeping either count silently would run another experiment. */
      kprintf("cmdline: module '%s' named twice; name each module once\n",
              m->name);
      return -1;
    }
    m->iterations = UINT32_MAX;
    if (colon && !parse_count(colon + 1, (size_t)(list - colon - 1), 1,
                              MAX_COUNT, &m->iterations))
      return bad_value("a module count", colon + 1,
                       (size_t)(list - colon - 1), "a number 1..1000000");
    if (list < end)
      list++; /* skip the comma */
    if (list == end && list[-1] == ',')
      return bad_value("modules", item, 0, "a module name after ','");
  }
  return 0;
}

static NOINSTR bool word_is(const char *word, size_t length, const char *key) {
  return kstrlen(key) == length && kstrncmp(word, key, length) == 0;
}

/* The options that take a value, in the bit order of `seen`. */
static const char *const value_options[] = {"modules", "iters", "fault",
                                            "timer",   "clock", "profile"};
#define SEEN_MODULES 0x1u

/* Marks the option as seen; true if it was already. */
static NOINSTR bool seen_before(const char *key, size_t length,
                                uint32_t *seen) {
  for (uint32_t i = 0; i < sizeof value_options / sizeof value_options[0];
       i++)
    if (word_is(key, length, value_options[i])) {
      bool before = (*seen >> i) & 1u;
      *seen |= 1u << i;
      return before;
    }
  return false;
}

static NOINSTR int parse_word(const char *word, size_t length,
                              struct run_request *request,
                              uint32_t *default_count, uint32_t *seen) {
  const char *equals = word;
  while (equals < word + length && *equals != '=')
    equals++;
  size_t key_length = (size_t)(equals - word);
  const char *value = equals + 1;
  size_t value_length = equals < word + length ? length - key_length - 1 : 0;
  bool has_value = equals < word + length;
  if (word_is(word, key_length, "list") && !has_value) {
    request->list_only = true;
    return 0;
  }
  if (word_is(word, key_length, "cpuid") && !has_value) {
    cpu_dump_cpuid(); /* cpu_init has run: this is what the guard saw */
    qemu_exit(EXIT_OK);
  }
  if (!has_value) {
    kprintf("cmdline: unknown option '");
    print_word(word, length);
    kprintf("' (options: modules= iters= fault= timer= clock= profile= list)\n");
    return -1;
  }
  if (seen_before(word, key_length, seen)) {
    kprintf("cmdline: option '");
    print_word(word, key_length);
    kprintf("=' given twice; give each option once\n");
    return -1;
  }
  if (word_is(word, key_length, "modules")) {
    if (value_length == 0)
      return bad_value("modules", value, 0, "all or a list of module names");
    return parse_modules(value, value_length);
  }
  if (word_is(word, key_length, "iters"))
    return parse_count(value, value_length, 1, MAX_COUNT, default_count)
               ? 0
               : bad_value("iters", value, value_length, "a number 1..1000000");
  if (word_is(word, key_length, "timer"))
    return parse_count(value, value_length, 19, 1193182, &request->timer_hz)
               ? 0
               : bad_value("timer", value, value_length, "a rate 19..1193182 Hz");
  if (word_is(word, key_length, "fault")) {
    if (word_is(value, value_length, "ud2"))
      request->fault = FAULT_UD2;
    else if (word_is(value, value_length, "div0"))
      request->fault = FAULT_DIVIDE;
    else if (word_is(value, value_length, "pagefault"))
      request->fault = FAULT_PAGE;
    else if (word_is(value, value_length, "stack"))
      request->fault = FAULT_STACK;
    else
      return bad_value("fault", value, value_length,
                       "ud2, div0, pagefault or stack");
    return 0;
  }
  if (word_is(word, key_length, "clock")) {
    if (!word_is(value, value_length, "icount") &&
        !word_is(value, value_length, "tsc"))
      return bad_value("clock", value, value_length, "icount or tsc");
    request->icount = word_is(value, value_length, "icount");
    return 0;
  }
  if (word_is(word, key_length, "profile")) {
    if (!word_is(value, value_length, "on") &&
        !word_is(value, value_length, "off"))
      return bad_value("profile", value, value_length, "on or off");
    request->export_profile = word_is(value, value_length, "on");
    return 0;
  }
  kprintf("cmdline: unknown option '");
  print_word(word, key_length);
  kprintf("' (options: modules= iters= fault= timer= clock= profile= list)\n");
  return -1;
}

/* Returns 0, or -1 after printing what is wrong. */
NOINSTR int cmdline_parse(const char *text, struct run_request *request) {
  uint32_t default_count = 0;
  uint32_t seen = 0; /* value_options given so far, one bit each */
  request->export_profile = true;
  while (*text) {
    while (*text == ' ' || *text == '\t' || *text == '\n')
      text++;
    const char *word = text;
    while (*text && *text != ' ' && *text != '\t' && *text != '\n')
      text++;
    if (text == word)
      break;
    if ((size_t)(text - word) > WORD_MAX) {
      kprintf("cmdline: option longer than %u bytes\n", WORD_MAX);
      return -1;
    }
    if (parse_word(word, (size_t)(text - word), request, &default_count,
                   &seen) < 0)
      return -1;
  }
  if (!(seen & SEEN_MODULES))
    parse_modules("all", 3);
  for (struct fluid_module *m = __start_fluid_modules;
       m < __stop_fluid_modules; m++)
    if (m->iterations == UINT32_MAX)
      m->iterations = default_count ? default_count : m->default_iterations;
  return 0;
}
