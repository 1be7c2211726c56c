/* test-bad-inputs.c: the catalogue of hostile files that earlier tests do not cover yet
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each case names the exact outcome: an error (domain and code) or a warning (the phrase that
 * identifies its kind, and the element it names). tests/BAD-INPUTS.md lists the whole catalogue,
 * these and the ones in other test files. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "pv-exporter.h"
#include "pv-overlay.h"
#include "pv-result.h"
#include "pv-timeline.h"

#include "test-clip.h"

static char *tmpdir;
static Clip *clip;   /* 2 s at 25 fps, 160 × 120 */

static PvResult *
read_text (const char          *text,
           gsize                len,
           const PvReadOptions *options,
           GError             **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len > 0 ? len : strlen (text));

  return pv_result_new_from_bytes (bytes, "bad.json", options, error);
}

static gboolean
has_warning (PvResult   *result,
             const char *location_part,
             const char *message_part)
{
  GPtrArray *warnings = pv_result_get_warnings (result);

  for (guint i = 0; i < warnings->len; i++)
    {
      PvResultWarning *w = g_ptr_array_index (warnings, i);

      g_test_message ("warning: %s: %s", w->location, w->message);
      if (strstr (w->location, location_part) != NULL && strstr (w->message, message_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A length of 0 means strlen (): only inputs with a NUL inside give theirs. */

/* JSON and results */

static void
test_json_errors (void)
{
  static const struct { const char *text; gsize len; PvResultError code; const char *part; } cases[] = {
    /* A scalar at the top is decided by its first character: neither { nor [ is not JSON we read. */
    { "42", 0, PV_RESULT_ERROR_UNKNOWN_FORMAT, "neither JSON nor MOT" },
    { "null", 0, PV_RESULT_ERROR_UNKNOWN_FORMAT, "neither JSON nor MOT" },
    /* A NUL inside: json-glib refuses it as not UTF-8, with the file named. */
    { "{\"Persons\":[]}\0garbage", 22, PV_RESULT_ERROR_INVALID_JSON, "UTF-8" },
    /* Invalid UTF-8 inside a string */
    { "{\"Persons\":[],\"JobStatus\":\"\xff\"}", 0, PV_RESULT_ERROR_INVALID_JSON, "UTF-8" },
    /* Escapes JSON does not have, which json-glib 1.6 would take: an octal byte that is not
     * UTF-8, a NUL that ends the string, a letter taken as itself. */
    { "{\"Persons\":[],\"NextToken\":\"abc\\333\"}", 0, PV_RESULT_ERROR_INVALID_JSON,
      "line 1, column 31: not valid JSON: an escape that JSON does not have" },
    { "{\"Persons\":[],\n\"JobStatus\":\"SUCC\\0EEDED\"}", 0, PV_RESULT_ERROR_INVALID_JSON,
      "line 2, column 18" },
    { "{\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":0,\"Face\":{\"Landmarks\":"
      "[{\"Type\":\"\\qnose\"}]}}}]}", 0, PV_RESULT_ERROR_INVALID_JSON, "column 78" },
    /* A duplicate key: json-glib keeps the last, which is not an array */
    { "{\"Persons\":[],\"Persons\":7}", 0, PV_RESULT_ERROR_WRONG_SHAPE, "Persons is a number" },
    /* Guidance JSON with a non-object inside is read (the element is skipped), but a first
     * element that is no detection at all is the wrong shape. */
    { "[\"timestamp\"]", 0, PV_RESULT_ERROR_WRONG_SHAPE, "bad.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = read_text (cases[i].text, cases[i].len, NULL, &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (result);
      g_assert_error (error, PV_RESULT_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, "bad.json"));
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }
}

/* Values at and past the edges of what the numbers can hold: warned about, never wrapped into a
 * different detection silently, never crashing the renderer. */
static void
test_json_huge_numbers (void)
{
  static const struct { const char *person; guint kept; const char *part; } cases[] = {
    { "{\"Timestamp\":0,\"Person\":{\"Index\":1e30}}", 0, "Index 1e+30 is out of range" },
    { "{\"Timestamp\":9223372036854775807,\"Person\":{\"Index\":0}}", 0, "out of range" },
    /* Integers past gint64, which json-glib 1.6 wraps (2^63 to -2^63, 2^64 and beyond to -1):
     * named as out of range, never read as the garbage they wrap to. */
    { "{\"Timestamp\":99999999999999999999,\"Person\":{\"Index\":0}}", 0,
      "Timestamp 1e+20 is out of range" },
    { "{\"Timestamp\":18446744073709551616,\"Person\":{\"Index\":0}}", 0,
      "Timestamp 1.84467e+19 is out of range" },
    { "{\"Timestamp\":-9223372036854775809,\"Person\":{\"Index\":0}}", 0,
      "Timestamp -9.22337e+18 is out of range" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":9223372036854775808}}", 0,
      "Index 9.22337e+18 is out of range" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":-9223372036854775809}}", 0,
      "Index -9.22337e+18 is out of range" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":123456789012345678901234567890}}", 0,
      "Index 1.23457e+29 is out of range" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":00000000000000000000001}}", 1,
      "neither a person BoundingBox nor a Face" },
    /* The edges themselves are integers like any other. */
    { "{\"Timestamp\":0,\"Person\":{\"Index\":-9223372036854775808}}", 1,
      "Index is negative" },
    { "{\"Timestamp\":1e308,\"Person\":{\"Index\":0}}", 0, "out of range" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":{\"Width\":1e999,"
      "\"Height\":1,\"Left\":0,\"Top\":0}}}", 1, "not finite" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"Persons\":[%s]}", cases[i].person);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = read_text (text, strlen (text), NULL, &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, cases[i].kept);
      g_assert_true (has_warning (result, "bad.json: Persons[0]", cases[i].part));
    }
}

/* The exact edges of gint64 are read exactly; the out-of-range integers in VideoMetadata and in
 * strings are handled as such, and an error after one on its line is still placed exactly. */
static void
test_json_integer_edges (void)
{
  const char *edges = "{\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":9223372036854775807}},"
                      "{\"Timestamp\":0,\"Person\":{\"Index\":-9223372036854775808}}],"
                      "\"NextToken\":\"99999999999999999999\","
                      "\"VideoMetadata\":{\"DurationMillis\":99999999999999999999}}";
  const char *cut = "{\"Persons\":[{\"Timestamp\":99999999999999999999,]}";
  const char *same = "{\"Persons\":[{\"Timestamp\":1.000000000000000000,]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) same_error = NULL;
  g_autoptr(PvResult) result = read_text (edges, 0, NULL, &error);
  const PvDetection *d;
  guint n;

  g_assert_no_error (error);
  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (MIN (d[0].index, d[1].index), ==, G_MININT64);
  g_assert_cmpint (MAX (d[0].index, d[1].index), ==, G_MAXINT64);
  g_assert_cmpstr (pv_result_get_next_token (result), ==, "99999999999999999999");
  g_assert_false (pv_result_get_video_metadata (result)->has_duration);
  g_assert_true (has_warning (result, "bad.json", "DurationMillis is not a usable duration"));

  /* The same length with a number json-glib reads as it is: the same place. */
  g_assert_null (read_text (cut, 0, NULL, &error));
  g_assert_null (read_text (same, 0, NULL, &same_error));
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_INVALID_JSON);
  g_assert_cmpstr (error->message, ==, same_error->message);
}

/* Boxes whose values are finite but absurd are kept raw (values past 0..1 are real); drawing them
 * must neither crash nor hang, and must stay inside the picture. */
static void
test_json_absurd_box_drawn (void)
{
  const char *text = "{\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":"
                     "{\"Width\":1e308,\"Height\":1e308,\"Left\":-1e308,\"Top\":1e308}}},"
                     "{\"Timestamp\":0,\"Person\":{\"Index\":1,\"BoundingBox\":"
                     "{\"Width\":0.5,\"Height\":0.5,\"Left\":0.25,\"Top\":0.25}}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = read_text (text, strlen (text), NULL, &error);
  g_autoptr(PvTimeline) timeline = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 48);
  cairo_t *cr = cairo_create (surface);
  PvOverlayStyle style;
  const guint8 *pixels;
  int stride;

  g_assert_no_error (error);
  g_assert_cmpuint (pv_result_get_n_detections (result), ==, 2);
  timeline = pv_timeline_new (result);
  pv_overlay_style_init (&style);
  style.trail_seconds = 5;
  /* The picture sits in the middle of the surface: nothing may be drawn outside it. */
  pv_overlay_draw (cr, 16, 12, 32, 24, timeline, 0, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      if (x < 16 || x >= 48 || y < 12 || y >= 36)
        g_assert_cmpuint (((const guint32 *) (pixels + y * stride))[x], ==, 0);
  cairo_surface_destroy (surface);
}

/* The documented rule holds across pages: the first (Index, Timestamp) read wins. */
static void
test_json_duplicate_across_pages (void)
{
  const char *text =
    "[{\"Persons\":[{\"Timestamp\":40,\"Person\":{\"Index\":3,\"BoundingBox\":{\"Width\":0.1,"
    "\"Height\":0.1,\"Left\":0.1,\"Top\":0.1}}}],\"NextToken\":\"a\"},"
    "{\"Persons\":[{\"Timestamp\":40,\"Person\":{\"Index\":3,\"BoundingBox\":{\"Width\":0.2,"
    "\"Height\":0.2,\"Left\":0.2,\"Top\":0.2}}}]}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = read_text (text, strlen (text), NULL, &error);
  const PvDetection *d;
  guint n;

  g_assert_no_error (error);
  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (d[0].box.left, ==, 0.1);
  g_assert_true (has_warning (result, "(Index 3, Timestamp 40)", "the earlier one is kept"));
}

/* Nesting just inside the limit is read; one level more is refused before json-glib recurses. */
static void
test_json_nesting_limit (void)
{
  for (guint extra = 0; extra < 2; extra++)
    {
      /* {"Persons":[{"X":[[...]]}]} : the object, Persons, the element, then the arrays */
      guint arrays = PV_RESULT_MAX_DEPTH - 3 + extra;
      g_autoptr(GString) s = g_string_new ("{\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":0},"
                                           "\"X\":");
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = NULL;

      for (guint i = 0; i < arrays; i++)
        g_string_append_c (s, '[');
      for (guint i = 0; i < arrays; i++)
        g_string_append_c (s, ']');
      g_string_append (s, "}]}");
      result = read_text (s->str, s->len, NULL, &error);
      if (extra == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (pv_result_get_n_detections (result), ==, 1);
        }
      else
        g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE);
    }
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

/* A 1 GiB file (sparse: it takes no disk) is refused by its size, before a byte is read:
 * the limit is PV_RESULT_MAX_SIZE (512 MiB), documented in pv-result.h. */
static void
test_json_one_gib (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "one-gib.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;
  gsize rss_before;
  gint64 start;
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  /* It starts like a real result, so only the size can be what refuses it. */
  fputs ("{\"Persons\":[", f);
  g_assert_cmpint (ftruncate (fileno (f), (off_t) 1 << 30), ==, 0);
  fclose (f);

  rss_before = rss_kib ();
  start = g_get_monotonic_time ();
  result = pv_result_load_file (file, NULL, NULL, &error);
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "one-gib.json"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpuint (rss_kib (), <, rss_before + 64 * 1024);
  g_unlink (path);
}

/* A million people seen once each: read, indexed and listed, without a warning. Under the
 * sanitizers reading a million detections takes minutes, so the default run reads 20,000 and
 * `-m slow` the full million. */
static void
test_json_million_indexes (void)
{
  const guint n = g_test_slow () ? 1000000 : 20000;
  g_autoptr(GString) s = g_string_sized_new ((gsize) n * 96);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  GListModel *people;
  g_autoptr(GObject) last = NULL;
  guint64 index_sum = 0;

  g_string_append (s, "{\"Persons\":[");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"Timestamp\":%u,\"Person\":{\"Index\":%u,\"BoundingBox\":"
                            "{\"Width\":0.1,\"Height\":0.2,\"Left\":0.3,\"Top\":0.4}}}",
                            i > 0 ? "," : "", (i / 10) * 40, i);
  g_string_append (s, "]}");

  result = read_text (s->str, s->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pv_result_get_n_detections (result), ==, n);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);

  timeline = pv_timeline_new (result);
  people = pv_timeline_get_people (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n);
  last = g_list_model_get_item (people, n - 1);
  {
    gint64 index;

    g_object_get (last, "index", &index, NULL);
    g_assert_cmpint (index, ==, n - 1);
  }
  /* Ten people share each 40 ms sample: Indexes 10k .. 10k+9 at Timestamp 40k. */
  pv_timeline_visible_at (timeline, (gint64) 40 * 1234 * 1000, visible);
  g_assert_cmpuint (visible->len, ==, 10);
  for (guint i = 0; i < visible->len; i++)
    index_sum += g_array_index (visible, PvVisiblePerson, i).index;
  g_assert_cmpuint (index_sum, ==, 10 * 12340 + 45);
}

/* MOT text */

static void
test_mot (void)
{
  const PvReadOptions options = { .frame_rate = 10, .frame_width = 100, .frame_height = 100 };
  static const struct { const char *text; gsize len; gint code; guint kept; const char *part; }
  cases[] = {
    /* Only Windows line ends: nothing in it */
    { "\r\n\r\n", 0, PV_RESULT_ERROR_EMPTY, 0, "is empty" },
    /* strtod reads "nan"; a NaN coordinate is no number */
    { "1,1,nan,1,1,1,1,-1,-1,-1\n2,1,1,1,1,1,1,-1,-1,-1\n", 0, -1, 1,
      "column 3 (“nan”) is not a number" },
    { "1,1,inf,1,1,1,1,-1,-1,-1\n2,1,1,1,1,1,1,-1,-1,-1\n", 0, -1, 1,
      "column 3 (“inf”) is not a number" },
    /* A frame number past any video */
    { "1e20,1,1,1,1,1,1,-1,-1,-1\n2,1,1,1,1,1,1,-1,-1,-1\n", 0, -1, 1,
      "frame 1e+20 is not a frame number" },
    /* Semicolons or tabs are not MOT */
    { "1;1;1;1;1;1\n", 0, PV_RESULT_ERROR_UNKNOWN_FORMAT, 0, "neither JSON nor MOT" },
    { "1\t1\t1\t1\t1\t1\n", 0, PV_RESULT_ERROR_UNKNOWN_FORMAT, 0, "neither JSON nor MOT" },
    /* A header line is not a MOT row */
    { "frame,id,left,top,width,height\n1,1,1,1,1,1\n", 0, PV_RESULT_ERROR_UNKNOWN_FORMAT, 0,
      "neither JSON nor MOT" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = read_text (cases[i].text, cases[i].len, &options, &error);

      g_test_message ("case %u", i);
      if (cases[i].code >= 0)
        {
          g_assert_error (error, PV_RESULT_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, cases[i].part));
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, cases[i].kept);
      g_assert_true (has_warning (result, "bad.json: line 1", cases[i].part));
    }
}

/* Video files */

static void
test_video_truncated_mp4 (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "truncated.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PvExportVideoInfo info;
  gsize len;

  /* mp4mux writes the index (moov) last: cut in half, the file has data but no index. */
  g_assert_true (g_file_get_contents (clip->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) len / 2, NULL));
  file = g_file_new_for_path (path);
  g_assert_false (pv_exporter_probe_video (file, &info, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "truncated.mp4"));
}

static void
test_video_zero_bytes_and_text (void)
{
  static const char * const contents[] = { "", "this is not a video\n" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, "bad.mp4", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      PvExportVideoInfo info;

      g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      g_assert_false (pv_exporter_probe_video (file, &info, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, PV_EXPORTER_ERROR, PV_EXPORTER_ERROR_INPUT);
      g_unlink (path);
    }
}

/* The result says its video lasts a minute at 1280 × 720; the real clip is 2 s at 160 × 120.
 * Then the other way round: a result for a 0.5 s clip opened with the 2 s one. */
static void
test_video_shorter_and_longer (void)
{
  static const struct { const char *metadata; const char *part; } cases[] = {
    { "{\"DurationMillis\":60000,\"FrameRate\":25,\"FrameWidth\":1280,\"FrameHeight\":720}",
      "video lasts 2000 ms" },
    { "{\"DurationMillis\":500,\"FrameRate\":25,\"FrameWidth\":160,\"FrameHeight\":120}",
      "result is for a video of 500 ms" },
  };
  g_autoptr(GFile) file = g_file_new_for_path (clip->path);
  g_autoptr(GError) error = NULL;
  PvExportVideoInfo info;

  g_assert_true (pv_exporter_probe_video (file, &info, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"VideoMetadata\":%s,\"Persons\":[{\"Timestamp\""
                                               ":1960,\"Person\":{\"Index\":0}}]}",
                                               cases[i].metadata);
      g_autoptr(PvResult) result = read_text (text, strlen (text), NULL, &error);

      g_assert_no_error (error);
      pv_result_check_video (result, (guint) info.width, (guint) info.height,
                             info.duration_us / 1000, info.frame_rate);
      g_assert_true (has_warning (result, "VideoMetadata", cases[i].part));
    }
}

int
main (int   argc,
      char *argv[])
{
  static const ClipSpec spec = { "clip.mp4", 160, 120, 25, 1, 1, 1, 50, 0, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("pv-bad-inputs-XXXXXX", &error);
  g_assert_no_error (error);
  clip = make_clip (tmpdir, &spec);

  g_test_add_func ("/bad-inputs/json/errors", test_json_errors);
  g_test_add_func ("/bad-inputs/json/huge-numbers", test_json_huge_numbers);
  g_test_add_func ("/bad-inputs/json/integer-edges", test_json_integer_edges);
  g_test_add_func ("/bad-inputs/json/absurd-box-drawn", test_json_absurd_box_drawn);
  g_test_add_func ("/bad-inputs/json/duplicate-across-pages", test_json_duplicate_across_pages);
  g_test_add_func ("/bad-inputs/json/nesting-limit", test_json_nesting_limit);
  g_test_add_func ("/bad-inputs/json/one-gib", test_json_one_gib);
  g_test_add_func ("/bad-inputs/json/million-indexes", test_json_million_indexes);
  g_test_add_func ("/bad-inputs/mot", test_mot);
  g_test_add_func ("/bad-inputs/video/truncated-mp4", test_video_truncated_mp4);
  g_test_add_func ("/bad-inputs/video/zero-bytes-and-text", test_video_zero_bytes_and_text);
  g_test_add_func ("/bad-inputs/video/shorter-and-longer", test_video_shorter_and_longer);

  status = g_test_run ();

  g_unlink (clip->path);
  clip_free (clip);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  gst_deinit ();
  return status;
}
