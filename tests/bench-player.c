/* bench-player.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The player's numbers from issue 5, measured in one run on clips generated here:
 *
 * 1. Seek: the median time from pv_player_seek() until the exact frame is the player's texture,
 *    against the physical limit: the same accurate seek in a plain pipeline (demux + decode from
 *    the preceding keyframe to the target, no conversion), on the same 1080p H.264 clip with a
 *    keyframe every 2 s. Target: ratio <= 1.3.
 * 2. Playback: 720p30 and 1080p30 played in real time, counting the frames shown and the frames
 *    dropped for lateness (QoS). This is the player alone (decode, convert, texture); the widget's
 *    drawing is measured by the UI's own benchmark.
 *
 * Run: tools/bench-seek (or meson test --benchmark).
 */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "bench-seek-limit.h"
#include "pv-player.h"

#define CLIP_SECONDS 20
#define N_SEEKS 31

static void
run_pipeline (const char *desc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static char *
make_clip (const char *dir,
           int         width,
           int         height)
{
  char *path = g_strdup_printf ("%s/clip-%dp.mp4", dir, height);
  g_autofree char *desc = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Moving content (the pattern scrolls) so that P-frames carry real work; a keyframe every
   * 60 frames = 2 s; a camera-like bit rate. */
  desc = g_strdup_printf ("videotestsrc pattern=smpte horizontal-speed=7 num-buffers=%d ! "
                          "video/x-raw,format=I420,width=%d,height=%d,framerate=30/1 ! "
                          "x264enc speed-preset=veryfast key-int-max=60 bframes=2 bitrate=8000 ! "
                          "h264parse ! mp4mux ! filesink location=\"%s\"",
                          CLIP_SECONDS * 30, width, height, path);
  run_pipeline (desc);
  printf ("generated %s (%dx%d, 30 fps, %d s, keyframe every 2 s) in %.1f s\n", path, width,
          height, CLIP_SECONDS, (g_get_monotonic_time () - start) / 1e6);
  return path;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), cmp_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static gboolean
player_busy (PvPlayer *player)
{
  return pv_player_get_seeking (player)
         || (!pv_player_get_loaded (player)
             && pv_player_get_state (player) != PV_PLAYER_STATE_ERROR);
}

static void
wait_player (PvPlayer *player)
{
  while (player_busy (player))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pv_player_get_loaded (player));
}

static double
player_seek_ms (PvPlayer *player,
                gint64    target_us)
{
  gint64 start = g_get_monotonic_time ();

  pv_player_seek (player, target_us);
  wait_player (player);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_seek (const char *path)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! fakesink", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) plain = gst_parse_launch (desc, &error);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  PvPlayer *player = pv_player_new ();
  double plain_ms[N_SEEKS], player_ms[N_SEEKS];
  double plain_med, player_med;
  guint wrong = 0;

  g_assert_no_error (error);
  bus = gst_element_get_bus (plain);
  gst_element_set_state (plain, GST_STATE_PAUSED);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_ASYNC_DONE);
  g_assert_nonnull (msg);

  pv_player_open (player, file);
  wait_player (player);

  for (guint i = 0; i < N_SEEKS; i++)
    {
      /* Any frame, so the distance to the preceding keyframe varies from 0 to 59 frames. */
      guint frame = g_rand_int_range (rand, 0, CLIP_SECONDS * 30);
      gint64 target_us = pv_player_get_first_pts (player) + frame * G_USEC_PER_SEC / 30;

      /* Alternate which goes first, so neither profits from a warm page cache or CPU clock. */
      if (i % 2)
        {
          plain_ms[i] = plain_seek_ms (plain, target_us * GST_USECOND);
          player_ms[i] = player_seek_ms (player, target_us);
        }
      else
        {
          player_ms[i] = player_seek_ms (player, target_us);
          plain_ms[i] = plain_seek_ms (plain, target_us * GST_USECOND);
        }
      if (ABS (pv_player_get_frame_pts (player) - target_us) > 1)
        wrong++;
    }

  gst_element_set_state (plain, GST_STATE_NULL);
  g_assert_finalize_object (player);

  plain_med = median (plain_ms, N_SEEKS);
  player_med = median (player_ms, N_SEEKS);
  printf ("seek 1080p H.264, keyframe every 2 s, %d random frames:\n", N_SEEKS);
  printf ("  plain accurate seek (decode from keyframe, the limit): median %.1f ms\n", plain_med);
  printf ("  PvPlayer seek until the exact frame is its texture:    median %.1f ms\n", player_med);
  printf ("  ratio %.2f (target <= 1.30)%s; frames off target: %u\n", player_med / plain_med,
          player_med / plain_med <= 1.3 ? "" : "  ** OVER **", wrong);
}

static void
count_frame (GObject    *object,
             GParamSpec *pspec,
             guint      *count)
{
  (*count)++;
}

static void
bench_playback (const char *path,
                const char *label)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PvPlayer *player = pv_player_new ();
  guint shown = 0;
  guint64 dropped;
  gint64 start;

  pv_player_open (player, file);
  wait_player (player);
  g_signal_connect (player, "notify::frame-pts", G_CALLBACK (count_frame), &shown);
  start = g_get_monotonic_time ();
  pv_player_play (player);
  while (pv_player_get_state (player) == PV_PLAYER_STATE_PLAYING)
    g_main_context_iteration (NULL, TRUE);
  dropped = pv_player_get_dropped_frames (player);
  printf ("playback %s, %d s: %u frames shown, %" G_GUINT64_FORMAT " dropped (QoS), "
          "%.2f%% dropped, wall %.1f s\n", label, CLIP_SECONDS, shown, dropped,
          100.0 * dropped / (CLIP_SECONDS * 30), (g_get_monotonic_time () - start) / 1e6);
  g_assert_finalize_object (player);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *clip_1080 = NULL;
  g_autofree char *clip_720 = NULL;

  gst_init (&argc, &argv);
  dir = g_dir_make_tmp ("pathview-bench-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("# bench-player: %u CPUs\n", g_get_num_processors ());
  clip_1080 = make_clip (dir, 1920, 1080);
  clip_720 = make_clip (dir, 1280, 720);

  bench_seek (clip_1080);
  bench_playback (clip_720, "720p30");
  bench_playback (clip_1080, "1080p30");

  g_unlink (clip_1080);
  g_unlink (clip_720);
  g_rmdir (dir);
  return 0;
}
