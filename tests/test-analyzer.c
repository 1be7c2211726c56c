/* test-analyzer.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "pv-analyzer.h"

#define SLICE_FRAMES 12   /* 1.2 s of the 10 fps demo clip: enough people, little time */

static char *
demo_clip (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "pets09-s2l1.mp4", NULL);
}

/* The first SLICE_FRAMES frames of the demo clip, cut without re-encoding (its first keyframe
 * is frame 0 and it has no B-frames). */
static char *
make_slice (const char *dir)
{
  g_autofree char *clip = demo_clip ();
  g_autofree char *slice = g_build_filename (dir, "slice.mp4", NULL);
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! "
                                           "identity eos-after=%d ! mp4mux ! "
                                           "filesink location=\"%s\"",
                                           clip, SLICE_FRAMES, slice);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return g_steal_pointer (&slice);
}

typedef struct
{
  double x, y, w, h;
} Rect;

static double
iou (const Rect *a,
     const Rect *b)
{
  double x1 = MAX (a->x, b->x), y1 = MAX (a->y, b->y);
  double x2 = MIN (a->x + a->w, b->x + b->w), y2 = MIN (a->y + a->h, b->y + b->h);
  double inter = x2 > x1 && y2 > y1 ? (x2 - x1) * (y2 - y1) : 0.0;

  return inter / (a->w * a->h + b->w * b->h - inter);
}

/* Rows of the public detections (det.txt) for one MOT frame, in pixels. */
static GArray *
reference_boxes (char **lines,
                 int    mot_frame)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (Rect));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      Rect r;

      if (g_strv_length (f) < 6 || atoi (f[0]) != mot_frame)
        continue;
      r.x = g_ascii_strtod (f[2], NULL);
      r.y = g_ascii_strtod (f[3], NULL);
      r.w = g_ascii_strtod (f[4], NULL);
      r.h = g_ascii_strtod (f[5], NULL);
      g_array_append_val (boxes, r);
    }
  return boxes;
}

static void
test_slice_finds_people (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("pv-analyzer-XXXXXX", NULL);
  g_autofree char *slice = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GHashTable) indexes = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *det_path = NULL;
  g_autofree char *det_text = NULL;
  g_auto(GStrv) det_lines = NULL;
  PvAnalyzerOptions options;
  JsonObject *meta;
  JsonArray *persons;
  guint matched = 0, total = 0;
  const char *shared = g_getenv ("PATHVIEW_SHARED_DATA");

  slice = make_slice (tmp);
  file = g_file_new_for_path (slice);
  pv_analyzer_options_init (&options);
  options.n_threads = 2;
  response = pv_analyzer_run (file, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  g_assert_cmpstr (json_object_get_string_member (response, "JobStatus"), ==, "SUCCEEDED");
  meta = json_object_get_object_member (response, "VideoMetadata");
  g_assert_cmpstr (json_object_get_string_member (meta, "Codec"), ==, "h264");
  g_assert_cmpstr (json_object_get_string_member (meta, "Format"), ==, "QuickTime / MOV");
  g_assert_cmpint (json_object_get_int_member (meta, "FrameWidth"), ==, 768);
  g_assert_cmpint (json_object_get_int_member (meta, "FrameHeight"), ==, 576);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (meta, "FrameRate"), 10.0, 1e-6);
  /* The cut ends at frame SLICE_FRAMES - 1; mp4mux may leave the last frame's duration out. */
  g_assert_cmpint (json_object_get_int_member (meta, "DurationMillis"), >=,
                   (SLICE_FRAMES - 1) * 100);
  g_assert_cmpint (json_object_get_int_member (meta, "DurationMillis"), <=, SLICE_FRAMES * 100);

  persons = json_object_get_array_member (response, "Persons");
  /* Four to six people walk through the first seconds: at least two boxes per sample. */
  g_assert_cmpuint (json_array_get_length (persons), >=, 2 * (SLICE_FRAMES / 2));

  if (shared != NULL)
    {
      det_path = g_build_filename (shared, "mot", "pets09-s2l1", "det.txt", NULL);
      if (g_file_get_contents (det_path, &det_text, NULL, NULL))
        det_lines = g_strsplit (det_text, "\n", -1);
    }

  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *item = json_array_get_object_element (persons, i);
      JsonObject *person = json_object_get_object_member (item, "Person");
      JsonObject *box = json_object_get_object_member (person, "BoundingBox");
      gint64 ts = json_object_get_int_member (item, "Timestamp");
      Rect mine = {
        json_object_get_double_member (box, "Left") * 768,
        json_object_get_double_member (box, "Top") * 576,
        json_object_get_double_member (box, "Width") * 768,
        json_object_get_double_member (box, "Height") * 576,
      };

      /* 5 samples a second of a 10 fps clip whose first PTS is 0: every other frame. */
      g_assert_cmpint (ts % 200, ==, 0);
      g_assert_cmpint (ts, <, SLICE_FRAMES * 100);
      g_assert_cmpfloat (mine.x, >=, 0.0);
      g_assert_cmpfloat (mine.x + mine.w, <=, 768.0 + 1e-6);
      g_hash_table_add (indexes, GINT_TO_POINTER (json_object_get_int_member (person, "Index")));

      if (det_lines != NULL)
        {
          /* MOT frame N is video frame N-1, which is at (N-1) * 100 ms. */
          g_autoptr(GArray) ref = reference_boxes (det_lines, (int) (ts / 100) + 1);

          total++;
          for (guint j = 0; j < ref->len; j++)
            if (iou (&mine, &g_array_index (ref, Rect, j)) >= 0.5)
              {
                matched++;
                break;
              }
        }
    }

  /* Index values count from 0 without gaps. */
  for (guint i = 0; i < g_hash_table_size (indexes); i++)
    g_assert_true (g_hash_table_contains (indexes, GINT_TO_POINTER (i)));

  if (det_lines != NULL)
    {
      /* Most of our boxes are boxes the public detector found too. */
      g_test_message ("%u of %u boxes match det.txt at IoU 0.5", matched, total);
      g_assert_cmpuint (matched * 10, >=, total * 7);
    }
  else
    g_test_message ("PATHVIEW_SHARED_DATA is not set: skipped the comparison with det.txt");

  g_unlink (slice);
  g_rmdir (tmp);
}

static void
test_unreadable (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("pv-analyzer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "not-a-video.mp4", NULL);
  g_autofree char *missing = g_build_filename (tmp, "missing.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  PvAnalyzerOptions options;

  g_assert_true (g_file_set_contents (path, "this is text, not a video\n", -1, NULL));
  pv_analyzer_options_init (&options);

  response = pv_analyzer_run (file, &options, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_true (g_error_matches (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE)
                 || g_error_matches (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNSUPPORTED));
  g_assert_nonnull (strstr (error->message, "not-a-video.mp4"));
  g_clear_error (&error);

  response = pv_analyzer_run (missing_file, &options, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "missing.mp4"));

  g_unlink (path);
  g_rmdir (tmp);
}

static void
test_bad_options (void)
{
  g_autofree char *clip = demo_clip ();
  g_autoptr(GFile) file = g_file_new_for_path (clip);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  PvAnalyzerOptions options;

  pv_analyzer_options_init (&options);
  options.sample_rate = 0;
  response = pv_analyzer_run (file, &options, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, PV_ANALYZER_ERROR, PV_ANALYZER_ERROR_INVALID_OPTIONS);
  g_clear_error (&error);

  pv_analyzer_options_init (&options);
  options.detector.scale_step = 0.9;
  response = pv_analyzer_run (file, &options, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, PV_DETECTOR_ERROR, PV_DETECTOR_ERROR_INVALID_OPTIONS);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analyzer/slice/finds-people", test_slice_finds_people);
  g_test_add_func ("/analyzer/error/unreadable", test_unreadable);
  g_test_add_func ("/analyzer/error/options", test_bad_options);

  return g_test_run ();
}
