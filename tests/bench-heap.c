/* bench-heap.c: does opening, scrubbing and closing a big job ten times grow the heap?
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A synthetic 2-hour job at 25 fps: 1,000,000 detections (about 5.6 people per frame, a face on
 * every fifth). Each cycle parses it into a PvResult and a PvTimeline, scrubs (20,000 visible_at
 * calls at random times, with and without interpolation, and 2,000 trail lookups), and frees
 * everything. The heap in use (mallinfo2 uordblks + hblkhd) and the RSS are printed after each
 * cycle; the run fails when cycle 10 is more than 5% above cycle 1. Not part of `meson test`:
 * tools/bench-heap runs it from an optimized build without sanitizers. */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "pv-result.h"
#include "pv-timeline.h"

#define N_DETECTIONS 1000000
#define N_CYCLES     10

static GBytes *
make_job (void)
{
  GString *s = g_string_sized_new ((gsize) N_DETECTIONS * 120);
  guint written = 0;

  g_string_append (s, "{\"JobStatus\":\"SUCCEEDED\",\"VideoMetadata\":{\"DurationMillis\":7200000,"
                      "\"FrameRate\":25.0,\"FrameWidth\":1920,\"FrameHeight\":1080},\"Persons\":[");
  /* 180,000 frames of 40 ms; person p walks from frame p*97 for 1,000 frames */
  for (guint frame = 0; written < N_DETECTIONS; frame++)
    for (guint k = 0; k < 6 && written < N_DETECTIONS; k++)
      {
        guint index = (frame / 1000) * 6 + k;
        double x = ((frame * 7 + k * 131) % 900) / 1000.0;

        g_string_append_printf (s, "%s{\"Timestamp\":%u,\"Person\":{\"Index\":%u,\"BoundingBox\":"
                                "{\"Width\":0.05,\"Height\":0.2,\"Left\":%.4f,\"Top\":0.3}",
                                written ? "," : "", frame * 40, index, x);
        if (written % 5 == 0)
          g_string_append (s, ",\"Face\":{\"BoundingBox\":{\"Width\":0.01,\"Height\":0.02,"
                              "\"Left\":0.5,\"Top\":0.31},\"Confidence\":99.1,\"Landmarks\":["
                              "{\"Type\":\"eyeLeft\",\"X\":0.5,\"Y\":0.32},"
                              "{\"Type\":\"nose\",\"X\":0.51,\"Y\":0.33}]}");
        g_string_append (s, "}}");
        written++;
      }
  g_string_append (s, "]}");
  return g_string_free_to_bytes (s);
}

static gsize
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (p + 6, NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) job = make_job ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gsize heap[N_CYCLES + 1], rss[N_CYCLES + 1];
  double growth;

  printf ("job: %u detections, %.0f MiB of JSON\n", N_DETECTIONS,
          g_bytes_get_size (job) / 1048576.0);
  for (guint cycle = 1; cycle <= N_CYCLES; cycle++)
    {
      g_autoptr(GError) error = NULL;
      PvResult *result;
      PvTimeline *timeline;
      GArray *visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
      gint64 t0 = g_get_monotonic_time ();
      gint64 first, last;
      guint seen = 0;
      struct mallinfo2 mi;

      result = pv_result_new_from_bytes (job, "bench.json", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, N_DETECTIONS);
      timeline = pv_timeline_new (result);
      g_assert_true (pv_timeline_get_time_range (timeline, &first, &last));
      for (guint i = 0; i < 20000; i++)
        {
          gint64 t_ms = g_rand_int_range (rand, (gint32) first, (gint32) last);

          pv_timeline_set_interpolate (timeline, i % 2);
          pv_timeline_visible_at (timeline, t_ms * 1000, visible);
          seen += visible->len;
        }
      for (guint i = 0; i < 2000; i++)
        {
          guint n = 0;

          pv_timeline_get_track (timeline, g_rand_int_range (rand, 0, 1100), &n);
          seen += n > 0;
        }
      g_array_unref (visible);
      g_object_unref (timeline);
      g_object_unref (result);

      malloc_trim (0);
      mi = mallinfo2 ();
      heap[cycle] = mi.uordblks + mi.hblkhd;
      rss[cycle] = rss_kib ();
      printf ("cycle %2u: %.1f s, %u seen; heap in use %.2f MiB, RSS %.1f MiB\n", cycle,
              (g_get_monotonic_time () - t0) / 1e6, seen, heap[cycle] / 1048576.0,
              rss[cycle] / 1024.0);
      fflush (stdout);
    }

  growth = 100.0 * ((double) heap[N_CYCLES] - (double) heap[1]) / (double) heap[1];
  /* The job's own text (kept for every cycle) is part of both figures. */
  printf ("heap after cycle %u vs cycle 1: %+.2f%% (%+.3f MiB; limit +5%%); RSS %+.2f%%\n",
          N_CYCLES, growth, ((double) heap[N_CYCLES] - (double) heap[1]) / 1048576.0,
          100.0 * ((double) rss[N_CYCLES] - (double) rss[1]) / (double) rss[1]);
  return growth <= 5.0 ? 0 : 1;
}
