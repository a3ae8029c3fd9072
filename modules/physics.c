/* physics.c - a fixed-point (Q16.16) particle step: gravity, drag, walls.
 *
 * 64 particles in a 100x100 box advance 16 steps per iteration. Fixed point
 * keeps the result bit-exact on every CPU and optimization level, which a
 * floating-point integrator would not be.
 */
#include "module.h"

#define PARTICLES 64
#define STEPS 16
#define FIXED_ONE 65536
#define BOX (100 * FIXED_ONE)

struct particle {
  int32_t x, y, vx, vy;
};

static struct particle particles[PARTICLES];

static int32_t fixed_mul(int32_t a, int32_t b) {
  return (int32_t)(((int64_t)a * b) >> 16);
}

static void particles_init(void) {
  uint32_t seed = 0x9a37u;
  for (int i = 0; i < PARTICLES; i++) {
    particles[i].x = (int32_t)(module_xorshift32(&seed) % (uint32_t)BOX);
    particles[i].y = (int32_t)(module_xorshift32(&seed) % (uint32_t)BOX);
    particles[i].vx = (int32_t)(module_xorshift32(&seed) % (8u * FIXED_ONE)) -
                      4 * FIXED_ONE;
    particles[i].vy = 0;
  }
}

/* Reflects a coordinate into [0, BOX) and flips the velocity, with loss. */
static void bounce(int32_t *position, int32_t *velocity) {
  if (*position < 0) {
    *position = -*position;
    *velocity = -fixed_mul(*velocity, FIXED_ONE * 9 / 10);
  } else if (*position >= BOX) {
    *position = 2 * BOX - *position - 1;
    *velocity = -fixed_mul(*velocity, FIXED_ONE * 9 / 10);
  }
}

/* Out of line: the hot step is its own profile entry. */
__attribute__((noinline)) void physics_step(int32_t dt) {
  const int32_t gravity = -FIXED_ONE * 98 / 10, drag = FIXED_ONE * 999 / 1000;
  for (int i = 0; i < PARTICLES; i++) {
    struct particle *p = &particles[i];
    p->vy += fixed_mul(gravity, dt);
    p->vx = fixed_mul(p->vx, drag);
    p->vy = fixed_mul(p->vy, drag);
    p->x += fixed_mul(p->vx, dt);
    p->y += fixed_mul(p->vy, dt);
    bounce(&p->x, &p->vx);
    bounce(&p->y, &p->vy);
  }
}

static uint64_t physics_run(void) {
  uint64_t hash = MODULE_FOLD_SEED;
  particles_init();
  for (int s = 0; s < STEPS; s++)
    physics_step(FIXED_ONE / 10);
  for (int i = 0; i < PARTICLES; i++) {
    hash = module_fold(hash, (uint32_t)particles[i].x);
    hash = module_fold(hash, (uint32_t)particles[i].y);
  }
  return hash;
}

FLUID_MODULE(physics, "physics", physics_run, 0x3a35c345c2fc4681ull, 5, 0);
