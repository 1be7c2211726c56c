/* bench-viewer.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The viewer under load, in a real window: a generated 720p30 H.264 clip (2 s keyframe spacing)
 * with 50 tracked people and 2 s trails is played for its whole length, counting the frames that
 * reached the screen (painted, each a new PTS) and the frames the pipeline dropped as late (QoS).
 *
 * Then clicks on the timeline at random places, through the timeline's own drag gesture handler,
 * timing each from the click until the window has painted the exact frame (the one nearest the
 * time under the pointer) with its overlay. The physical limit is measured in the same run, for
 * the same targets, interleaved: an accurate seek in a bare filesrc ! qtdemux ! h264parse !
 * avdec_h264 ! fakesink pipeline, i.e. decoding from the preceding keyframe to the target.
 *
 * bench-viewer [SECONDS [WIDTH HEIGHT]] under a display (xvfb-run). */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdlib.h>

#include "bench-seek-limit.h"
#include "pv-application.h"
#include "pv-timeline-view.h"
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

/* What the window painted: every paint that shows a new frame counts once. */
static PvPlayer *painted_player;
static guint frames_painted;
static gint64 last_painted_pts = G_MININT64;
static gint64 painted_at_us;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 pts = pv_player_get_frame_pts (painted_player);

  if (pts != last_painted_pts)
    {
      frames_painted++;
      last_painted_pts = pts;
      painted_at_us = g_get_monotonic_time ();
    }
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

/* Wakes the main loop now and then, so that a wait that never ends sees its deadline. */
static gboolean
keep_waking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
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
  double clicks[31], limits[31];
  g_autoptr(GstElement) bare = NULL;
  g_autofree char *bare_description = NULL;
  PvTimelineView *timeline_view;
  GtkGesture *drag;
  GdkFrameClock *clock;
  guint skipped_half_way = 0;
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

  painted_player = player;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  /* Play it all, as a user would, overlay and trails on. */
  frames_painted = 0;
  end = pv_player_get_first_pts (player) + pv_player_get_duration (player) - 2 * G_USEC_PER_SEC / FPS;
  t0 = g_get_monotonic_time ();
  pv_player_play (player);
  deadline = t0 + (seconds * 3 + 30) * G_USEC_PER_SEC;
  while (pv_player_get_frame_pts (player) < end && pv_player_get_state (player) == PV_PLAYER_STATE_PLAYING &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  pv_player_pause (player);
  dropped = pv_player_get_dropped_frames (player);
  g_print ("playback %dx%d@%d, %d people, 2 s trails, GSK_RENDERER=%s, video view %dx%d: "
           "%u of %d frames painted (%.2f%% missed) in %.1f s; %" G_GUINT64_FORMAT " dropped by "
           "QoS (%.2f%%)\n",
           width, height, FPS, N_PEOPLE, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default",
           gtk_widget_get_width (pv_window_get_video_view (window)),
           gtk_widget_get_height (pv_window_get_video_view (window)),
           frames_painted, seconds * FPS, 100.0 * (seconds * FPS - (int) frames_painted) / (seconds * FPS),
           (g_get_monotonic_time () - t0) / 1e6, dropped, 100.0 * dropped / (seconds * FPS));

  /* Clicks on the timeline against the decode limit, interleaved, same targets. */
  timeline_view = PV_TIMELINE_VIEW (find_descendant (GTK_WIDGET (window), PV_TYPE_TIMELINE_VIEW));
  g_assert (timeline_view != NULL);
  drag = find_drag_gesture (GTK_WIDGET (timeline_view));
  g_assert (drag != NULL);
  bare_description = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! avdec_h264 ! "
                                      "fakesink", clip_path);
  bare = gst_parse_launch (bare_description, NULL);
  g_assert (bare != NULL);
  gst_element_set_state (bare, GST_STATE_PAUSED);
  gst_element_get_state (bare, NULL, NULL, GST_CLOCK_TIME_NONE);
  {
    /* The first preroll's messages must not answer the first seek. */
    g_autoptr(GstBus) bus = gst_element_get_bus (bare);

    gst_bus_set_flushing (bus, TRUE);
    gst_bus_set_flushing (bus, FALSE);
  }

  rand = g_rand_new_with_seed (3);
  for (guint i = 0; i < G_N_ELEMENTS (clicks); i++)
    {
      int view_width = gtk_widget_get_width (GTK_WIDGET (timeline_view));
      gint64 first = pv_player_get_first_pts (player);
      gint64 frame_us = G_USEC_PER_SEC / FPS;
      gint64 frame, expected;
      gboolean near_half_way;
      guint wake;
      double x;

      /* A place that shows another frame than the one on screen, and a frame that exists: the
       * right end of the timeline is the end of the last frame, nearer the next one. */
      do
        {
          gint64 scaled;

          x = g_rand_double_range (rand, 0, view_width);
          /* In frames times 10^6, exactly: the nearest frame, and how far from a half-way point
           * (where the rounding of µs timestamps could pick either neighbour) the time is. */
          scaled = (pv_timeline_view_time_at (timeline_view, x) - first) * FPS;
          frame = (scaled + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
          expected = first + frame * G_USEC_PER_SEC / FPS;
          near_half_way = ABS (scaled % G_USEC_PER_SEC - G_USEC_PER_SEC / 2) < G_USEC_PER_SEC / 100;
        }
      while ((near_half_way && ++skipped_half_way) || frame >= seconds * FPS
             || ABS (pv_player_get_frame_pts (player) - expected) < frame_us / 4);

      /* Alternate which goes first, so that neither profits from the other's warm caches. */
      if (i % 2 == 0)
        limits[i] = plain_seek_ms (bare, frame * GST_SECOND / FPS);

      t0 = g_get_monotonic_time ();
      painted_at_us = 0;
      g_signal_emit_by_name (drag, "drag-begin", x, 10.0);
      deadline = t0 + 30 * G_USEC_PER_SEC;
      wake = g_timeout_add (100, keep_waking, NULL);
      while ((pv_player_get_seeking (player) || ABS (last_painted_pts - expected) > frame_us / 4
              || painted_at_us == 0) && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (wake);
      if (ABS (last_painted_pts - expected) > frame_us / 4)
        g_error ("click %u at x=%.0f: painted %" G_GINT64_FORMAT " µs, expected %" G_GINT64_FORMAT,
                 i, x, last_painted_pts, expected);
      clicks[i] = (painted_at_us - t0) / 1000.0;
      if (i % 2 == 1)
        limits[i] = plain_seek_ms (bare, frame * GST_SECOND / FPS);
    }
  g_rand_free (rand);
  gst_element_set_state (bare, GST_STATE_NULL);
  qsort (clicks, G_N_ELEMENTS (clicks), sizeof (double), cmp_double);
  qsort (limits, G_N_ELEMENTS (limits), sizeof (double), cmp_double);
  g_print ("timeline click until the exact frame is painted (2 s keyframe spacing, %u clicks; "
           "%u places within 1%% of a frame from half-way skipped): median %.0f ms, max %.0f ms\n",
           (guint) G_N_ELEMENTS (clicks), skipped_half_way,
           clicks[G_N_ELEMENTS (clicks) / 2], clicks[G_N_ELEMENTS (clicks) - 1]);
  g_print ("limit, decoding from the keyframe to the target (bare pipeline, same targets): "
           "median %.0f ms, max %.0f ms\n", limits[G_N_ELEMENTS (limits) / 2],
           limits[G_N_ELEMENTS (limits) - 1]);
  g_print ("  ratio of the medians: %.2f (target <= 1.30)%s\n",
           clicks[G_N_ELEMENTS (clicks) / 2] / limits[G_N_ELEMENTS (limits) / 2],
           clicks[G_N_ELEMENTS (clicks) / 2] / limits[G_N_ELEMENTS (limits) / 2] <= 1.3 ? "" : "  ** OVER **");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (clip_path);
  g_unlink (json_path);
  g_rmdir (dir);
  return 0;
}
