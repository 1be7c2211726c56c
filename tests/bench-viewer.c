/* bench-viewer.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The viewer under load, in a real window: a generated 720p30 H.264 clip (2 s keyframe spacing)
 * with 50 tracked people and 2 s trails is played for its whole length, counting the frames the
 * pipeline dropped as late (QoS), then seeked to random times, timing each until the exact frame
 * is shown. bench-viewer [SECONDS [WIDTH HEIGHT]] under a display (xvfb-run). */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdlib.h>

#include "pv-application.h"
#include "pv-window.h"

#define N_PEOPLE 50
#define FPS 30

static gboolean
make_clip (const char *path,
           int         seconds,
           int         width,
           int         height)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  description = g_strdup_printf ("videotestsrc num-buffers=%d pattern=ball ! "
                                 "video/x-raw,width=%d,height=%d,framerate=%d/1 ! "
                                 "x264enc speed-preset=veryfast key-int-max=%d bframes=0 ! "
                                 "h264parse ! mp4mux ! filesink location=\"%s\"",
                                 seconds * FPS, width, height, FPS, 2 * FPS, path);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    {
      g_printerr ("Cannot make the clip: %s\n", error->message);
      return FALSE;
    }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
}

/* People walking straight lines, sampled every 100 ms, in the merged AWS CLI shape. */
static gboolean
make_results (const char *path,
              int         seconds,
              int         width,
              int         height)
{
  g_autoptr(GString) json = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (7);
  double x[N_PEOPLE], y[N_PEOPLE], vx[N_PEOPLE], vy[N_PEOPLE];
  gboolean first = TRUE;

  for (int i = 0; i < N_PEOPLE; i++)
    {
      x[i] = g_rand_double_range (rand, 0, 0.9);
      y[i] = g_rand_double_range (rand, 0, 0.7);
      vx[i] = g_rand_double_range (rand, -0.004, 0.004);
      vy[i] = g_rand_double_range (rand, -0.003, 0.003);
    }
  g_rand_free (rand);

  g_string_append_printf (json, "{\"JobStatus\":\"SUCCEEDED\",\"VideoMetadata\":{\"Codec\":\"h264\","
                          "\"DurationMillis\":%d,\"Format\":\"QuickTime / MOV\",\"FrameRate\":%d,"
                          "\"FrameHeight\":%d,\"FrameWidth\":%d},\"Persons\":[",
                          seconds * 1000, FPS, height, width);
  for (int t = 0; t < seconds * 1000; t += 100)
    for (int i = 0; i < N_PEOPLE; i++)
      {
        char l[G_ASCII_DTOSTR_BUF_SIZE], tp[G_ASCII_DTOSTR_BUF_SIZE];

        x[i] = CLAMP (x[i] + vx[i], 0, 0.94);
        y[i] = CLAMP (y[i] + vy[i], 0, 0.74);
        g_string_append_printf (json, "%s{\"Timestamp\":%d,\"Person\":{\"Index\":%d,\"BoundingBox\":"
                                "{\"Width\":0.05,\"Height\":0.25,\"Left\":%s,\"Top\":%s}}}",
                                first ? "" : ",", t, i,
                                g_ascii_dtostr (l, sizeof l, x[i]), g_ascii_dtostr (tp, sizeof tp, y[i]));
        first = FALSE;
      }
  g_string_append (json, "]}");
  return g_file_set_contents (path, json->str, json->len, NULL);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
ready (PvWindow *window)
{
  PvPlayer *player = pv_window_get_player (window);

  return player != NULL && pv_player_get_loaded (player) && pv_window_get_timeline (window) != NULL;
}

static guint frames_shown;

static void
count_frame (void)
{
  frames_shown++;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PvApplication) app = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) results = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *clip_path = NULL;
  g_autofree char *json_path = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;
  PvPlayer *player;
  GRand *rand;
  double seeks[20];
  gint64 t0, deadline, end;
  int seconds = argc > 1 ? atoi (argv[1]) : 60;
  int width = argc > 3 ? atoi (argv[2]) : 1280;
  int height = argc > 3 ? atoi (argv[3]) : 720;
  guint64 dropped;

  gtk_init ();
  adw_init ();
  gst_init (NULL, NULL);

  dir = g_dir_make_tmp ("pathview-bench-XXXXXX", NULL);
  clip_path = g_build_filename (dir, "clip.mp4", NULL);
  json_path = g_build_filename (dir, "job.json", NULL);
  g_print ("Making a %dx%d@%d H.264 clip of %d s with %d people…\n", width, height, FPS, seconds, N_PEOPLE);
  if (!make_clip (clip_path, seconds, width, height) || !make_results (json_path, seconds, width, height))
    return 1;

  app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_set_double (settings, "trail-seconds", 2.0);

  window = pv_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  video = g_file_new_for_path (clip_path);
  results = g_file_new_for_path (json_path);
  request.video = video;
  request.results = results;
  pv_window_open (window, &request);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!ready (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!ready (window))
    return 1;
  player = pv_window_get_player (window);

  /* Play it all, as a user would, overlay and trails on. */
  g_signal_connect (player, "notify::frame-pts", G_CALLBACK (count_frame), NULL);
  end = pv_player_get_first_pts (player) + pv_player_get_duration (player) - 2 * G_USEC_PER_SEC / FPS;
  t0 = g_get_monotonic_time ();
  pv_player_play (player);
  deadline = t0 + (seconds * 3 + 30) * G_USEC_PER_SEC;
  while (pv_player_get_frame_pts (player) < end && pv_player_get_state (player) == PV_PLAYER_STATE_PLAYING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  pv_player_pause (player);
  dropped = pv_player_get_dropped_frames (player);
  g_print ("playback %dx%d@%d, %d people, 2 s trails, GSK_RENDERER=%s: %u frames shown in %.1f s, "
           "%" G_GUINT64_FORMAT " dropped by QoS (%.2f%% of %d)\n",
           width, height, FPS, N_PEOPLE, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default",
           frames_shown, (g_get_monotonic_time () - t0) / 1e6, dropped,
           100.0 * dropped / (seconds * FPS), seconds * FPS);

  /* Seeks to random frames: from the request until the exact frame is shown. */
  rand = g_rand_new_with_seed (3);
  for (guint i = 0; i < G_N_ELEMENTS (seeks); i++)
    {
      gint64 frame = g_rand_int_range (rand, 0, seconds * FPS);
      gint64 target = pv_player_get_first_pts (player) + frame * G_USEC_PER_SEC / FPS;

      t0 = g_get_monotonic_time ();
      pv_player_seek (player, target);
      while (pv_player_get_seeking (player))
        g_main_context_iteration (NULL, TRUE);
      seeks[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  g_rand_free (rand);
  qsort (seeks, G_N_ELEMENTS (seeks), sizeof (double), cmp_double);
  g_print ("accurate seek to a random frame (2 s keyframe spacing): median %.0f ms, max %.0f ms over %u seeks\n",
           seeks[G_N_ELEMENTS (seeks) / 2], seeks[G_N_ELEMENTS (seeks) - 1], (guint) G_N_ELEMENTS (seeks));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (clip_path);
  g_unlink (json_path);
  g_rmdir (dir);
  return 0;
}
