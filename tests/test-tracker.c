/* test-tracker.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pv-tracker.h"

/* Synthetic walkers with a known truth: each test states which person a box belongs to, and the
 * tracker must give every person exactly one Index and keep it. */

static PvDetectorBox
box_at (double x,
        double y)
{
  PvDetectorBox b = { x, y, 30, 80, 90.0f };

  return b;
}

static void
test_birth_and_backfill (void)
{
  PvTrackerOptions options;
  g_autoptr(PvTracker) tracker = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PvTrackedBox));
  PvDetectorBox b;

  pv_tracker_options_init (&options);
  options.min_hits = 3;
  tracker = pv_tracker_new (&options);

  b = box_at (100, 100);
  pv_tracker_update (tracker, 0, &b, 1, out);
  g_assert_cmpuint (out->len, ==, 0);
  b = box_at (104, 100);
  pv_tracker_update (tracker, 1, &b, 1, out);
  g_assert_cmpuint (out->len, ==, 0);
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 0);

  /* Third hit: born, and the two earlier boxes come out too, in order. */
  b = box_at (108, 100);
  pv_tracker_update (tracker, 2, &b, 1, out);
  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      PvTrackedBox *t = &g_array_index (out, PvTrackedBox, i);

      g_assert_cmpint (t->index, ==, 0);
      g_assert_cmpuint (t->sample, ==, i);
      g_assert_cmpuint (t->detection, ==, 0);
      g_assert_cmpfloat (t->box.x, ==, 100 + 4 * i);
      g_assert_cmpfloat (t->box.confidence, ==, 90.0f);
    }
}

static void
test_flicker_is_not_born (void)
{
  PvTrackerOptions options;
  g_autoptr(PvTracker) tracker = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PvTrackedBox));

  pv_tracker_options_init (&options);
  options.min_hits = 2;
  tracker = pv_tracker_new (&options);

  /* A false positive that shows up every other sample never gets two in a row. */
  for (guint s = 0; s < 10; s++)
    {
      PvDetectorBox b = box_at (300, 300);

      pv_tracker_update (tracker, s, &b, s % 2 == 0 ? 1 : 0, out);
    }
  g_assert_cmpuint (out->len, ==, 0);
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 0);
}

static void
test_death_after_misses (void)
{
  PvTrackerOptions options;
  g_autoptr(PvTracker) tracker = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PvTrackedBox));
  PvDetectorBox b = box_at (200, 200);
  guint s = 0;

  pv_tracker_options_init (&options);
  options.min_hits = 1;
  options.max_misses = 2;
  tracker = pv_tracker_new (&options);

  pv_tracker_update (tracker, s++, &b, 1, out);
  /* Two misses: still alive, so the same place continues the same person. */
  pv_tracker_update (tracker, s++, NULL, 0, out);
  pv_tracker_update (tracker, s++, NULL, 0, out);
  pv_tracker_update (tracker, s++, &b, 1, out);
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 1);
  g_assert_cmpint (g_array_index (out, PvTrackedBox, out->len - 1).index, ==, 0);

  /* Three misses: dead, so the next box there is a new person. */
  for (int i = 0; i < 3; i++)
    pv_tracker_update (tracker, s++, NULL, 0, out);
  pv_tracker_update (tracker, s++, &b, 1, out);
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 2);
  g_assert_cmpint (g_array_index (out, PvTrackedBox, out->len - 1).index, ==, 1);
}

static void
test_two_walkers_keep_their_index (void)
{
  PvTrackerOptions options;
  g_autoptr(PvTracker) tracker = NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (PvTrackedBox));
  gint64 index_of[2] = { -1, -1 };

  pv_tracker_options_init (&options);
  options.min_hits = 1;
  tracker = pv_tracker_new (&options);

  /* Two people walking side by side, then one of them drops out for a sample. The detections
   * arrive in a different order each sample, so the order cannot be what keeps them apart. */
  for (guint s = 0; s < 20; s++)
    {
      PvDetectorBox walkers[2] = { box_at (50 + 6 * s, 100), box_at (400 - 6 * s, 300) };
      PvDetectorBox given[2];
      guint first = s % 2;
      guint n = s == 10 ? 1 : 2;

      given[0] = walkers[first];
      given[1] = walkers[1 - first];
      if (s == 10)
        given[0] = walkers[0];

      g_array_set_size (out, 0);
      pv_tracker_update (tracker, s, given, n, out);
      g_assert_cmpuint (out->len, ==, n);
      for (guint i = 0; i < out->len; i++)
        {
          PvTrackedBox *t = &g_array_index (out, PvTrackedBox, i);
          guint who = t->box.y < 200 ? 0 : 1;

          if (index_of[who] < 0)
            index_of[who] = t->index;
          g_assert_cmpint (t->index, ==, index_of[who]);
        }
    }
  g_assert_cmpuint (pv_tracker_get_n_born (tracker), ==, 2);
  g_assert_cmpint (MIN (index_of[0], index_of[1]), ==, 0);
  g_assert_cmpint (MAX (index_of[0], index_of[1]), ==, 1);
}

static void
test_iou (void)
{
  PvDetectorBox a = { 0, 0, 10, 10, 0 };
  PvDetectorBox b = { 5, 0, 10, 10, 0 };
  PvDetectorBox c = { 20, 20, 5, 5, 0 };

  /* 50 overlap over 150 union. */
  g_assert_cmpfloat_with_epsilon (pv_detector_box_iou (&a, &b), 50.0 / 150.0, 1e-12);
  g_assert_cmpfloat (pv_detector_box_iou (&a, &c), ==, 0.0);
  g_assert_cmpfloat (pv_detector_box_iou (&a, &a), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tracker/iou", test_iou);
  g_test_add_func ("/tracker/birth/backfill", test_birth_and_backfill);
  g_test_add_func ("/tracker/birth/flicker", test_flicker_is_not_born);
  g_test_add_func ("/tracker/death/misses", test_death_after_misses);
  g_test_add_func ("/tracker/association/two-walkers", test_two_walkers_keep_their_index);

  return g_test_run ();
}
