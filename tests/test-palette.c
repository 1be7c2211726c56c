/* test-palette.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pv-palette.h"

/* Colour distance is measured here in CIELAB (ΔE*ab, D65), a different perceptual space from the
 * OKLab the palette works in, so the test does not share the code's arithmetic. A ΔE of 2.3 is
 * a just-noticeable difference; 25 is "clearly another colour". */
#define MIN_NEIGHBOUR_DELTA_E 25.0

static double
linearize (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 216.0 / 24389.0 ? cbrt (t) : (24389.0 / 27.0 * t + 16) / 116;
}

static void
to_lab (double r,
        double g,
        double b,
        double lab[3])
{
  double R = linearize (r), G = linearize (g), B = linearize (b);
  double X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  double Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  double Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;

  lab[0] = 116 * lab_f (Y) - 16;
  lab[1] = 500 * (lab_f (X) - lab_f (Y));
  lab[2] = 200 * (lab_f (Y) - lab_f (Z));
}

static double
delta_e (gint64 a,
         gint64 b)
{
  double ra, ga, ba, rb, gb, bb, la[3], lb[3];

  pv_palette_color (a, &ra, &ga, &ba);
  pv_palette_color (b, &rb, &gb, &bb);
  to_lab (ra, ga, ba, la);
  to_lab (rb, gb, bb, lb);
  return sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1])
               + (la[2] - lb[2]) * (la[2] - lb[2]));
}

static void
test_neighbours_differ (void)
{
  static const gint64 starts[] = { -1000, 5900, G_MAXINT64 - 2001, G_MININT64 };
  double worst = G_MAXDOUBLE;

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    for (gint64 k = 0; k < 2000; k++)
      worst = MIN (worst, delta_e (starts[s] + k, starts[s] + k + 1));
  g_test_message ("smallest ΔE between neighbouring Indexes: %.1f", worst);
  g_assert_cmpfloat (worst, >=, MIN_NEIGHBOUR_DELTA_E);
}

/* Among the first eight people (the usual crowd), every pair differs noticeably. */
static void
test_small_crowd_distinct (void)
{
  double worst = G_MAXDOUBLE;

  for (gint64 a = 0; a < 8; a++)
    for (gint64 b = a + 1; b < 8; b++)
      worst = MIN (worst, delta_e (a, b));
  g_test_message ("smallest ΔE among Indexes 0..7: %.1f", worst);
  g_assert_cmpfloat (worst, >=, 10.0);
}

static void
test_stable_and_in_range (void)
{
  for (gint64 i = -50; i < 50; i++)
    {
      double r1, g1, b1, r2, g2, b2;

      pv_palette_color (i, &r1, &g1, &b1);
      pv_palette_color (i, &r2, &g2, &b2);
      g_assert_cmpfloat (r1, ==, r2);
      g_assert_cmpfloat (g1, ==, g2);
      g_assert_cmpfloat (b1, ==, b2);
      g_assert_true (r1 >= 0 && r1 <= 1 && g1 >= 0 && g1 <= 1 && b1 >= 0 && b1 <= 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/palette/neighbours-differ", test_neighbours_differ);
  g_test_add_func ("/palette/small-crowd-distinct", test_small_crowd_distinct);
  g_test_add_func ("/palette/stable-and-in-range", test_stable_and_in_range);

  return g_test_run ();
}
