/* test-result.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pv-result.h"
#include "pv-timeline.h"

/* Expected values are computed here from the files themselves, with json-glib walked by hand or
 * with plain text scanning, never with the reader under test. */

static char *
shared_path (const char *relative)
{
  const char *dir = g_getenv ("PATHVIEW_SHARED_DATA");
  char *path;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  return path;
}

#define REQUIRE_SHARED(var, rel) \
  g_autofree char *var = shared_path (rel); \
  if (var == NULL) \
    { \
      g_test_skip ("shared data " rel " is absent (set PATHVIEW_SHARED_DATA)"); \
      return; \
    }

static PvResult *
load (const char          *path,
      const PvReadOptions *options,
      GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return pv_result_load_file (file, options, NULL, error);
}

static PvResult *
from_string (const char          *text,
             const PvReadOptions *options,
             GError             **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return pv_result_new_from_bytes (bytes, "test.json", options, error);
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

      if ((location_part == NULL || strstr (w->location, location_part) != NULL)
          && (message_part == NULL || strstr (w->message, message_part) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
dump_warnings (PvResult *result)
{
  GPtrArray *warnings = pv_result_get_warnings (result);

  for (guint i = 0; i < warnings->len; i++)
    {
      PvResultWarning *w = g_ptr_array_index (warnings, i);
      g_test_message ("warning: %s: %s", w->location, w->message);
    }
}

static JsonNode *
parse_independently (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static const PvDetection *
find_detection (PvResult *result,
                gint64    index,
                gint64    timestamp_ms)
{
  guint n;
  const PvDetection *d = pv_result_get_detections (result, &n);

  for (guint i = 0; i < n; i++)
    if (d[i].index == index && d[i].timestamp_ms == timestamp_ms)
      return &d[i];
  return NULL;
}

/* Checks every element of a Persons array against the result, value by value. */
static void
assert_persons_match (PvResult  *result,
                      JsonArray *persons,
                      gboolean   camel)
{
  const char *k_ts = camel ? "timestamp" : "Timestamp";
  const char *k_person = camel ? "person" : "Person";
  const char *k_index = camel ? "index" : "Index";
  const char *k_box = camel ? "boundingBox" : "BoundingBox";
  const char *k_face = camel ? "face" : "Face";
  const char *k_left = camel ? "left" : "Left";
  const char *k_width = camel ? "width" : "Width";
  const char *k_lms = camel ? "landmarks" : "Landmarks";
  const char *k_x = camel ? "x" : "X";

  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *element = json_array_get_object_element (persons, i);
      JsonObject *person = json_object_get_object_member (element, k_person);
      gint64 ts = json_object_get_int_member (element, k_ts);
      gint64 index = json_object_get_int_member (person, k_index);
      const PvDetection *d = find_detection (result, index, ts);

      g_assert_nonnull (d);
      if (json_object_has_member (person, k_box))
        {
          JsonObject *box = json_object_get_object_member (person, k_box);

          g_assert_true (d->flags & PV_DETECTION_HAS_BOX);
          g_assert_cmpfloat (d->box.left, ==, json_object_get_double_member (box, k_left));
          g_assert_cmpfloat (d->box.width, ==, json_object_get_double_member (box, k_width));
        }
      else
        g_assert_false (d->flags & PV_DETECTION_HAS_BOX);

      if (json_object_has_member (person, k_face))
        {
          JsonObject *face = json_object_get_object_member (person, k_face);
          JsonObject *fbox = json_object_get_object_member (face, k_box);
          JsonArray *lms = json_object_get_array_member (face, k_lms);

          g_assert_nonnull (d->face);
          g_assert_cmpfloat (d->face->box.left, ==, json_object_get_double_member (fbox, k_left));
          g_assert_cmpuint (d->face->n_landmarks, ==, json_array_get_length (lms));
          g_assert_cmpfloat (d->face->landmarks[0].x, ==,
                             json_object_get_double_member (json_array_get_object_element (lms, 0),
                                                            k_x));
        }
      else
        g_assert_null (d->face);
    }
}

static void
test_shellzu (void)
{
  REQUIRE_SHARED (path, "rekognition/shellzu_IMG_3656_lambda.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autoptr(JsonNode) root = parse_independently (path);
  JsonArray *persons = json_object_get_array_member (json_node_get_object (root), "Persons");
  guint n_expected = json_array_get_length (persons);
  guint n_index0 = 0, n_index1 = 0, n_face_only = 0;
  guint n;
  const PvDetection *d;
  guint got0 = 0, got1 = 0, got_face_only = 0;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  for (guint i = 0; i < n_expected; i++)
    {
      JsonObject *p = json_object_get_object_member (json_array_get_object_element (persons, i),
                                                     "Person");
      gint64 index = json_object_get_int_member (p, "Index");

      n_index0 += index == 0;
      n_index1 += index == 1;
      n_face_only += !json_object_has_member (p, "BoundingBox")
                     && json_object_has_member (p, "Face");
    }
  /* The numbers SOURCES.md gives, confirmed from the file itself above. */
  g_assert_cmpuint (n_expected, ==, 345);
  g_assert_cmpuint (n_index0, ==, 181);
  g_assert_cmpuint (n_index1, ==, 164);
  g_assert_cmpuint (n_face_only, ==, 4);

  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    {
      got0 += d[i].index == 0;
      got1 += d[i].index == 1;
      got_face_only += !(d[i].flags & PV_DETECTION_HAS_BOX) && d[i].face != NULL;
    }
  g_assert_cmpuint (got0, ==, n_index0);
  g_assert_cmpuint (got1, ==, n_index1);
  g_assert_cmpuint (got_face_only, ==, n_face_only);
  assert_persons_match (result, persons, FALSE);

  g_assert_cmpint (pv_result_get_format (result), ==, PV_RESULT_FORMAT_REKOGNITION);
  g_assert_false (pv_result_get_video_metadata (result)->present);
  g_assert_null (pv_result_get_next_token (result));
  /* One warning per Face-only element, naming it, and nothing else. */
  dump_warnings (result);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, n_face_only);
  g_assert_true (has_warning (result, "Persons[", "Face without a person BoundingBox"));
  g_assert_true (has_warning (result, "(Index 1, Timestamp 5800)", NULL));
}

static void
test_awscli_example (void)
{
  REQUIRE_SHARED (path, "rekognition/awscli_example_get-person-tracking.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autoptr(JsonNode) root = parse_independently (path);
  JsonObject *o = json_node_get_object (root);
  JsonObject *vm = json_object_get_object_member (o, "VideoMetadata");
  const PvVideoMetadata *m;

  g_assert_no_error (error);
  g_assert_cmpuint (pv_result_get_n_detections (result), ==,
                    json_array_get_length (json_object_get_array_member (o, "Persons")));
  assert_persons_match (result, json_object_get_array_member (o, "Persons"), FALSE);
  g_assert_cmpstr (pv_result_get_job_status (result), ==,
                   json_object_get_string_member (o, "JobStatus"));
  g_assert_cmpstr (pv_result_get_next_token (result), ==,
                   json_object_get_string_member (o, "NextToken"));
  m = pv_result_get_video_metadata (result);
  g_assert_true (m->present && m->has_size && m->has_frame_rate && m->has_duration);
  g_assert_cmpuint (m->width, ==, json_object_get_int_member (vm, "FrameWidth"));
  g_assert_cmpuint (m->height, ==, json_object_get_int_member (vm, "FrameHeight"));
  g_assert_cmpint (m->duration_ms, ==, json_object_get_int_member (vm, "DurationMillis"));
  g_assert_cmpfloat (m->frame_rate, ==, json_object_get_double_member (vm, "FrameRate"));
  g_assert_cmpstr (m->codec, ==, json_object_get_string_member (vm, "Codec"));
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);
}

static void
test_devguide_example (void)
{
  REQUIRE_SHARED (path, "rekognition/awsdocs_devguide_persons_example.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autoptr(JsonNode) root = parse_independently (path);
  JsonObject *o = json_node_get_object (root);

  g_assert_no_error (error);
  g_assert_cmpuint (pv_result_get_n_detections (result), ==,
                    json_array_get_length (json_object_get_array_member (o, "Persons")));
  assert_persons_match (result, json_object_get_array_member (o, "Persons"), FALSE);
  g_assert_cmpstr (pv_result_get_video_metadata (result)->file_extension, ==,
                   json_object_get_string_member (
                     json_object_get_object_member (o, "VideoMetadata"), "FileExtension"));
  dump_warnings (result);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);
}

/* The developer guide's block as printed, with "}....." where AWS cut it short. */
static void
test_devguide_verbatim_invalid (void)
{
  REQUIRE_SHARED (path, "rekognition/awsdocs_devguide_persons_example.verbatim.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  char **lines;
  guint line = 0, column = 0;

  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_INVALID_JSON);
  g_assert_null (result);

  /* Where is the first "....."? The parser stops at the first '.' after a '}'. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *dots = strstr (lines[i], "}.");
      if (dots != NULL)
        {
          line = i + 1;
          column = (guint) (dots - lines[i]) + 2;
          break;
        }
    }
  g_strfreev (lines);
  g_assert_cmpuint (line, >, 0);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("line %u, column", line);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "awsdocs_devguide_persons_example.verbatim.txt"));
  (void) column;
}

static void
test_add_page (void)
{
  g_autoptr(PvResult) result = pv_result_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *page1 =
    "{\"JobStatus\":\"SUCCEEDED\",\"NextToken\":\"abc/+=\","
    "\"VideoMetadata\":{\"FrameWidth\":640,\"FrameHeight\":360,\"FrameRate\":25,"
    "\"DurationMillis\":12000,\"Codec\":\"h264\",\"Format\":\"QuickTime / MOV\"},"
    "\"Persons\":[{\"Timestamp\":40,\"Person\":{\"Index\":2,\"BoundingBox\":"
    "{\"Width\":0.1,\"Height\":0.2,\"Left\":0.3,\"Top\":0.4}}}]}";
  const char *page2 =
    "{\"JobStatus\":\"SUCCEEDED\",\"VideoMetadata\":{\"FrameWidth\":640,\"FrameHeight\":360},"
    "\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":2}},"
    "{\"Timestamp\":80,\"Person\":{\"Index\":1.5}}]}";
  const char *bad = "{\"Persons\":{\"Timestamp\":0}}";
  const PvDetection *d;
  guint n;

  g_assert_true (json_parser_load_from_data (parser, page1, -1, NULL));
  g_assert_true (pv_result_add_page (result, json_node_get_object (json_parser_get_root (parser)),
                                     1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pv_result_get_next_token (result), ==, "abc/+=");
  g_assert_cmpuint (pv_result_get_video_metadata (result)->width, ==, 640);
  g_assert_cmpfloat (pv_result_get_video_metadata (result)->frame_rate, ==, 25);

  g_assert_true (json_parser_load_from_data (parser, page2, -1, NULL));
  g_assert_true (pv_result_add_page (result, json_node_get_object (json_parser_get_root (parser)),
                                     2, &error));
  g_assert_no_error (error);
  /* The last page has no NextToken: the fetch is complete. */
  g_assert_null (pv_result_get_next_token (result));
  g_assert_cmpuint (pv_result_get_n_pages (result), ==, 2);
  g_assert_cmpstr (pv_result_get_job_status (result), ==, "SUCCEEDED");

  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (d[0].timestamp_ms, ==, 40);
  g_assert_cmpfloat (d[0].box.top, ==, 0.4);
  g_assert_cmpint (d[1].timestamp_ms, ==, 0);
  g_assert_false (d[1].flags & PV_DETECTION_HAS_BOX);
  g_assert_true (has_warning (result, "page 2: Persons[1] (Timestamp 80)", "not an integer"));
  g_assert_true (has_warning (result, "page 2: Persons[0] (Index 2, Timestamp 0)",
                              "neither a person BoundingBox nor a Face"));

  g_assert_true (json_parser_load_from_data (parser, bad, -1, NULL));
  g_assert_false (pv_result_add_page (result, json_node_get_object (json_parser_get_root (parser)),
                                      3, &error));
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE);
  g_assert_nonnull (strstr (error->message, "page 3: Persons is an object"));
  g_assert_cmpuint (pv_result_get_n_detections (result), ==, 2);
}


/* The AWS guidance app's lowerCamel JSON. The shape is the one the guidance documents; the values
 * here are made up for the test. */
static const char guidance_json[] =
  "[{\"timestamp\":0,\"person\":{\"index\":3,\"boundingBox\":{\"width\":0.25,\"height\":0.5,"
  "\"left\":0.125,\"top\":0.0625},\"face\":{\"boundingBox\":{\"width\":0.05,\"height\":0.1,"
  "\"left\":0.2,\"top\":0.1},\"confidence\":99.5,\"landmarks\":[{\"type\":\"eyeLeft\","
  "\"x\":0.21,\"y\":0.12},{\"type\":\"thirdEye\",\"x\":0.22,\"y\":0.11}],"
  "\"pose\":{\"roll\":1.5,\"yaw\":-2.5,\"pitch\":3.5},\"quality\":{\"brightness\":80,"
  "\"sharpness\":20}}}},"
  "{\"timestamp\":200,\"person\":{\"index\":3,\"boundingBox\":{\"width\":0.25,\"height\":0.5,"
  "\"left\":0.25,\"top\":0.0625}}},"
  "{\"timestamp\":100,\"person\":{\"index\":4,\"boundingBox\":{\"width\":0.1,\"height\":0.2,"
  "\"left\":0.5,\"top\":0.5}}}]";

static void
test_guidance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string (guidance_json, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const PvDetection *d;

  g_assert_no_error (error);
  g_assert_cmpint (pv_result_get_format (result), ==, PV_RESULT_FORMAT_GUIDANCE);
  g_assert_true (json_parser_load_from_data (parser, guidance_json, -1, NULL));
  g_assert_cmpuint (pv_result_get_n_detections (result), ==,
                    json_array_get_length (json_node_get_array (json_parser_get_root (parser))));
  assert_persons_match (result, json_node_get_array (json_parser_get_root (parser)), TRUE);

  d = find_detection (result, 3, 0);
  g_assert_cmpfloat (d->box.top, ==, 0.0625);
  g_assert_cmpfloat (d->face->confidence, ==, 99.5);
  g_assert_cmpfloat (d->face->pose_yaw, ==, -2.5);
  g_assert_cmpfloat (d->face->quality_sharpness, ==, 20);
  /* An unknown landmark is kept, with a warning that names it. */
  g_assert_cmpuint (d->face->n_landmarks, ==, 2);
  g_assert_true (d->face->landmarks[0].type == g_intern_static_string ("eyeLeft"));
  g_assert_cmpstr (d->face->landmarks[1].type, ==, "thirdEye");
  dump_warnings (result);
  g_assert_true (has_warning (result, "test.json: [0] (Index 3, Timestamp 0)", "thirdEye"));
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 1);
}

typedef struct
{
  guint   frame;
  gint64  id;
  double  v[8];
  guint   n_columns;
} MotRow;

/* The test's own MOT parser: sscanf over each line. */
static GArray *
read_mot_rows (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (MotRow));

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      MotRow row = { 0 };
      double frame, id;
      int n;

      if (lines[i][0] == '\0' || lines[i][0] == '\r')
        continue;
      n = sscanf (lines[i], "%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &frame, &id,
                  &row.v[0], &row.v[1], &row.v[2], &row.v[3], &row.v[4], &row.v[5], &row.v[6],
                  &row.v[7]);
      g_assert_cmpint (n, >=, 6);
      row.frame = (guint) frame;
      row.id = (gint64) id;
      row.n_columns = (guint) n;
      g_array_append_val (rows, row);
    }
  return rows;
}

static const PvDetection *
bsearch_detection (PvResult *result,
                   gint64    index,
                   gint64    timestamp_ms)
{
  guint n, lo = 0, hi;
  const PvDetection *d = pv_result_get_detections (result, &n);

  /* Readers hand results back ordered by (Index, Timestamp). */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (d[mid].index < index || (d[mid].index == index && d[mid].timestamp_ms < timestamp_ms))
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < n && d[lo].index == index && d[lo].timestamp_ms == timestamp_ms)
    return &d[lo];
  return NULL;
}

static void
check_mot_file (const char *path,
                gboolean    ids_untracked)
{
  const PvReadOptions options = { .frame_rate = 10, .frame_width = 768, .frame_height = 576 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, &options, &error);
  g_autoptr(GArray) rows = read_mot_rows (path);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean fractions = TRUE;
  guint untracked = 0;

  g_assert_no_error (error);
  g_assert_cmpint (pv_result_get_format (result), ==, PV_RESULT_FORMAT_MOT);
  g_assert_cmpuint (pv_result_get_n_detections (result), ==, rows->len);
  g_assert_cmpfloat (pv_result_get_video_metadata (result)->frame_rate, ==, 10);

  for (guint i = 0; i < rows->len; i++)
    fractions &= g_array_index (rows, MotRow, i).v[4] >= 0
                 && g_array_index (rows, MotRow, i).v[4] <= 1;

  for (guint i = 0; i < rows->len; i++)
    {
      MotRow *row = &g_array_index (rows, MotRow, i);
      gint64 index = row->id;
      const PvDetection *d;

      if (ids_untracked)
        {
          g_assert_cmpint (row->id, ==, -1);
          index = -(gint64) ++untracked;
        }
      g_hash_table_add (ids, &row->id);
      /* MOT frame N is video frame N-1: at 10 fps, (N-1) × 100 ms. */
      d = bsearch_detection (result, index, (gint64) (row->frame - 1) * 100);
      g_assert_nonnull (d);
      g_assert_cmpfloat_with_epsilon (d->box.left, row->v[0] / 768, 1e-15);
      g_assert_cmpfloat_with_epsilon (d->box.top, row->v[1] / 576, 1e-15);
      g_assert_cmpfloat_with_epsilon (d->box.width, row->v[2] / 768, 1e-15);
      g_assert_cmpfloat_with_epsilon (d->box.height, row->v[3] / 576, 1e-15);
      g_assert_true (d->flags & PV_DETECTION_HAS_CONFIDENCE);
      g_assert_cmpfloat_with_epsilon (d->confidence, row->v[4] * (fractions ? 100 : 1), 1e-4);
    }
  if (!ids_untracked)
    {
      guint n_people = 0;
      guint n;
      const PvDetection *d = pv_result_get_detections (result, &n);

      for (guint i = 0; i < n; i++)
        n_people += i == 0 || d[i].index != d[i - 1].index;
      g_assert_cmpuint (n_people, ==, g_hash_table_size (ids));
    }
  dump_warnings (result);
}

static void
test_mot_sort (void)
{
  REQUIRE_SHARED (path, "mot/pets09-s2l1/sort_results.txt");
  check_mot_file (path, FALSE);
}

static void
test_mot_python_baseline (void)
{
  REQUIRE_SHARED (path, "mot/pets09-s2l1/sort_results_python_baseline.txt");
  check_mot_file (path, FALSE);
}

static void
test_mot_det (void)
{
  REQUIRE_SHARED (path, "mot/pets09-s2l1/det.txt");
  check_mot_file (path, TRUE);
}

/* MOT16+ ground truth: flag, class, visibility; flag 0 rows are left out, and counted. */
static void
test_mot_ground_truth (void)
{
  const PvReadOptions options = { .frame_rate = 25, .frame_width = 1000, .frame_height = 500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string ("1,1,100,50,10,20,1,1,1\r\n"
                                            "1,2,200,50,10,20,0,1,0.5\r\n"
                                            "3,1,110,60,10,20,1,1,0.75\r\n", &options, &error);
  const PvDetection *d;
  guint n;

  g_assert_no_error (error);
  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (d[1].timestamp_ms, ==, 80);  /* frame 3 → video frame 2 → 2 × 40 ms */
  g_assert_cmpfloat (d[1].box.left, ==, 0.11);
  g_assert_cmpfloat (d[1].box.top, ==, 0.12);
  g_assert_false (d[0].flags & PV_DETECTION_HAS_CONFIDENCE);
  g_assert_true (has_warning (result, NULL, "1 ground-truth row has flag 0"));
}

static void
test_mot_needs_video (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string ("1,1,100,50,10,20,1,-1,-1,-1\n", NULL, &error);

  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_NEEDS_VIDEO);
  g_assert_null (result);
}

static void
assert_same_detections (PvResult *a,
                        PvResult *b)
{
  guint na, nb;
  const PvDetection *da = pv_result_get_detections (a, &na);
  const PvDetection *db = pv_result_get_detections (b, &nb);

  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (da[i].timestamp_ms, ==, db[i].timestamp_ms);
      g_assert_cmpint (da[i].index, ==, db[i].index);
      g_assert_cmpuint (da[i].flags, ==, db[i].flags);
      if (da[i].flags & PV_DETECTION_HAS_BOX)
        g_assert_cmpmem (&da[i].box, sizeof (PvBox), &db[i].box, sizeof (PvBox));
      if (da[i].flags & PV_DETECTION_HAS_CONFIDENCE)
        g_assert_cmpfloat (da[i].confidence, ==, db[i].confidence);
      g_assert_true ((da[i].face == NULL) == (db[i].face == NULL));
      if (da[i].face != NULL)
        {
          const PvFace *fa = da[i].face, *fb = db[i].face;

          g_assert_cmpmem (&fa->box, sizeof (PvBox), &fb->box, sizeof (PvBox));
          g_assert_cmpfloat (fa->confidence, ==, fb->confidence);
          g_assert_cmpfloat (fa->pose_roll, ==, fb->pose_roll);
          g_assert_cmpfloat (fa->pose_yaw, ==, fb->pose_yaw);
          g_assert_cmpfloat (fa->pose_pitch, ==, fb->pose_pitch);
          g_assert_cmpfloat (fa->quality_brightness, ==, fb->quality_brightness);
          g_assert_cmpfloat (fa->quality_sharpness, ==, fb->quality_sharpness);
          g_assert_cmpuint (fa->n_landmarks, ==, fb->n_landmarks);
          for (guint k = 0; k < fa->n_landmarks; k++)
            {
              g_assert_true (fa->landmarks[k].type == fb->landmarks[k].type);
              g_assert_cmpfloat (fa->landmarks[k].x, ==, fb->landmarks[k].x);
              g_assert_cmpfloat (fa->landmarks[k].y, ==, fb->landmarks[k].y);
            }
        }
    }
}

static PvResult *
save_and_reload (PvResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pv-result-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "saved.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) e = NULL;
  PvResult *reloaded;
  guint n_files = 0;

  g_assert_no_error (error);
  /* Twice: the second replaces the first. */
  g_assert_true (pv_result_save (result, file, &error));
  g_assert_true (pv_result_save (result, file, &error));
  g_assert_no_error (error);

  /* Atomic replace leaves no temporary or backup file behind. */
  e = g_file_enumerate_children (dir_file, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, &error);
  while (g_file_enumerator_next_file (e, NULL, NULL) != NULL ? (n_files++, TRUE) : FALSE)
    ;
  g_assert_cmpuint (n_files, ==, 1);

  reloaded = load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_result_get_format (reloaded), ==, PV_RESULT_FORMAT_REKOGNITION);
  g_unlink (path);
  g_rmdir (dir);
  return reloaded;
}

static void
test_save_round_trip_shellzu (void)
{
  REQUIRE_SHARED (path, "rekognition/shellzu_IMG_3656_lambda.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autoptr(PvResult) reloaded = save_and_reload (result);
  g_autoptr(PvTimeline) a = NULL;
  g_autoptr(PvTimeline) b = NULL;
  g_autoptr(GArray) va = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  g_autoptr(GArray) vb = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));

  assert_same_detections (result, reloaded);

  /* The same timeline: every frame of the 25 fps clip (and the half-way points) shows the same. */
  a = pv_timeline_new (result);
  b = pv_timeline_new (reloaded);
  pv_timeline_set_interpolate (a, TRUE);
  pv_timeline_set_interpolate (b, TRUE);
  for (gint64 t_us = 0; t_us < 12100000; t_us += 20000)
    {
      pv_timeline_visible_at (a, t_us, va);
      pv_timeline_visible_at (b, t_us, vb);
      g_assert_cmpuint (va->len, ==, vb->len);
      for (guint i = 0; i < va->len; i++)
        {
          PvVisiblePerson *x = &g_array_index (va, PvVisiblePerson, i);
          PvVisiblePerson *y = &g_array_index (vb, PvVisiblePerson, i);

          g_assert_cmpint (x->index, ==, y->index);
          g_assert_cmpint (x->timestamp_ms, ==, y->timestamp_ms);
          g_assert_cmpmem (&x->box, sizeof (PvBox), &y->box, sizeof (PvBox));
        }
    }
}

static void
test_save_round_trip_awscli (void)
{
  REQUIRE_SHARED (path, "rekognition/awsdocs_devguide_persons_example.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);
  g_autoptr(PvResult) reloaded = save_and_reload (result);
  const PvVideoMetadata *a = pv_result_get_video_metadata (result);
  const PvVideoMetadata *b = pv_result_get_video_metadata (reloaded);

  assert_same_detections (result, reloaded);
  g_assert_cmpstr (a->file_extension, ==, b->file_extension);
  g_assert_cmpstr (a->codec, ==, b->codec);
  g_assert_cmpfloat (a->frame_rate, ==, b->frame_rate);
  g_assert_cmpint (a->duration_ms, ==, b->duration_ms);
  g_assert_cmpstr (pv_result_get_job_status (result), ==, pv_result_get_job_status (reloaded));
  /* A NextToken means the fetch stopped early: it is kept so it can resume. */
  g_assert_cmpstr (pv_result_get_next_token (result), ==, pv_result_get_next_token (reloaded));
}

/* VideoMetadata is saved as it came, doubles of every form included: json-glib's own writer
 * would turn 1e+20 into "1e+20.0", a file that no longer opens. */
static void
test_save_round_trip_metadata_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string ("{\"VideoMetadata\": {\"FrameRate\": 29.97, "
                                            "\"DurationMillis\": 1e20, \"FrameWidth\": 1920, "
                                            "\"FrameHeight\": 1080.0, \"Codec\": \"h\\u00e9\\\"\", "
                                            "\"Extra\": {\"List\": [1e-7, 2.5, null, true]}}, "
                                            "\"Persons\": []}", NULL, &error);
  g_autoptr(PvResult) reloaded = NULL;
  const PvVideoMetadata *m;

  g_assert_no_error (error);
  reloaded = save_and_reload (result);
  m = pv_result_get_video_metadata (reloaded);
  g_assert_cmpfloat (m->frame_rate, ==, 29.97);
  g_assert_cmpuint (m->width, ==, 1920);
  g_assert_cmpuint (m->height, ==, 1080);
  g_assert_false (m->has_duration);
  g_assert_cmpstr (m->codec, ==, "h\u00e9\"");
}

static void
test_save_round_trip_mot (void)
{
  REQUIRE_SHARED (path, "mot/pets09-s2l1/sort_results_python_baseline.txt");
  const PvReadOptions options = { .frame_rate = 10, .frame_width = 768, .frame_height = 576 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, &options, &error);
  g_autoptr(PvResult) reloaded = save_and_reload (result);

  assert_same_detections (result, reloaded);
  g_assert_cmpfloat (pv_result_get_video_metadata (reloaded)->frame_rate, ==, 10);
  g_assert_cmpuint (pv_result_get_video_metadata (reloaded)->width, ==, 768);
}

static void
test_save_round_trip_guidance (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string (guidance_json, NULL, &error);
  g_autoptr(PvResult) reloaded = save_and_reload (result);

  assert_same_detections (result, reloaded);
}

static void
test_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = from_string (
    "{\"Persons\":["
    "{\"Timestamp\":40,\"Person\":{\"Index\":1,\"BoundingBox\":{\"Width\":0.1,\"Height\":0.1,"
    "\"Left\":0.1,\"Top\":0.1}}},"
    "{\"Timestamp\":40,\"Person\":{\"Index\":1,\"BoundingBox\":{\"Width\":0.2,\"Height\":0.2,"
    "\"Left\":0.2,\"Top\":0.2}}}]}", NULL, &error);
  const PvDetection *d;
  guint n;

  g_assert_no_error (error);
  d = pv_result_get_detections (result, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (d[0].box.left, ==, 0.1);
  g_assert_true (has_warning (result, "test.json: (Index 1, Timestamp 40)", "earlier one is kept"));
}

static void
test_check_video (void)
{
  REQUIRE_SHARED (path, "rekognition/awscli_example_get-person-tracking.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = load (path, NULL, &error);

  /* The same video at a smaller size, a frame's rounding off: no complaint. */
  pv_result_check_video (result, 1280, 720, 6806 + 33, 29.97);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);

  pv_result_check_video (result, 640, 480, 60000, 25);
  dump_warnings (result);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 3);
  g_assert_true (has_warning (result, "VideoMetadata", "1920 × 1080"));
  g_assert_true (has_warning (result, "VideoMetadata", "6806 ms"));
  g_assert_true (has_warning (result, "VideoMetadata", "29.971"));

  /* Checked again, against the same wrong video and then the right one (located after the
   * first turned out wrong): each check says what holds for the video open now. */
  pv_result_check_video (result, 640, 480, 60000, 25);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 3);
  pv_result_check_video (result, 1920, 1080, 6806, 29.97);
  g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);
}

/* The bad-input catalogue for results: each input, the error code or the warning it gives. */
static void
test_bad_inputs_errors (void)
{
  static const struct { const char *text; PvResultError code; const char *part; } cases[] = {
    { "", PV_RESULT_ERROR_EMPTY, "is empty" },
    { " \n\t ", PV_RESULT_ERROR_EMPTY, "is empty" },
    { "\xef\xbb\xbf", PV_RESULT_ERROR_EMPTY, "is empty" },
    { "\x89PNG\r\n\x1a\n", PV_RESULT_ERROR_UNKNOWN_FORMAT, "neither JSON nor MOT" },
    { "hello, world", PV_RESULT_ERROR_UNKNOWN_FORMAT, "neither JSON nor MOT" },
    { "{\"Persons\": [", PV_RESULT_ERROR_INVALID_JSON, "line 1, column" },
    { "{\"Persons\": []}\n}", PV_RESULT_ERROR_INVALID_JSON, "line 2, column" },
    { "\xef\xbb\xbf\n\n  {\"Persons\": [}", PV_RESULT_ERROR_INVALID_JSON, "line 3, column" },
    { "[1, 2]", PV_RESULT_ERROR_WRONG_SHAPE, "[0] is a number" },
    { "{\"Labels\": []}", PV_RESULT_ERROR_WRONG_SHAPE, "no Persons" },
    { "{\"Persons\": {}}", PV_RESULT_ERROR_WRONG_SHAPE, "Persons is an object" },
    { "{\"Persons\": \"many\"}", PV_RESULT_ERROR_WRONG_SHAPE, "Persons is a string" },
    { "{\"Persons\": null}", PV_RESULT_ERROR_WRONG_SHAPE, "bad.json: Persons is null" },
    { "{\"JobStatus\": \"SUCCEEDED\", \"Persons\": 0}", PV_RESULT_ERROR_WRONG_SHAPE,
      "bad.json: Persons is a number" },
    { "[{\"Persons\": []}, {\"Persons\": null}]", PV_RESULT_ERROR_WRONG_SHAPE,
      "page 2: Persons is null" },
    { "[{\"Persons\": []}, 7]", PV_RESULT_ERROR_WRONG_SHAPE, "page 2 is a number" },
    { "[{\"foo\": 1}]", PV_RESULT_ERROR_WRONG_SHAPE, "neither" },
    { "1,2,3\n", PV_RESULT_ERROR_UNKNOWN_FORMAT, "neither JSON nor MOT" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].text, strlen (cases[i].text));
      g_autoptr(PvResult) result = pv_result_new_from_bytes (bytes, "bad.json", NULL, &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (result);
      g_assert_error (error, PV_RESULT_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, "bad.json"));
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }
}

/* The page's other members: of the wrong type (null included) they are named in a warning and
 * left out; the detections are still read. An empty Persons is simply no one. */
static void
test_bad_inputs_page_members (void)
{
  static const struct { const char *member; const char *part; } cases[] = {
    { "\"VideoMetadata\": null", "VideoMetadata is null, not an object" },
    { "\"VideoMetadata\": [640, 360]", "VideoMetadata is an array, not an object" },
    { "\"NextToken\": 5", "NextToken is a number, not a string" },
    { "\"NextToken\": null", "NextToken is null, not a string" },
    { "\"JobStatus\": {\"Code\": \"SUCCEEDED\"}", "JobStatus is an object, not a string" },
    { "\"StatusMessage\": false", "StatusMessage is a boolean, not a string" },
  };
  const char *person = "{\"Timestamp\": 40, \"Person\": {\"Index\": 1, \"BoundingBox\": "
                       "{\"Width\": 0.1, \"Height\": 0.2, \"Left\": 0.3, \"Top\": 0.4}}}";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{%s, \"Persons\": [%s]}", cases[i].member,
                                               person);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = from_string (text, NULL, &error);

      g_assert_no_error (error);
      dump_warnings (result);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, 1);
      g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 1);
      g_assert_true (has_warning (result, "test.json", cases[i].part));
      g_assert_null (pv_result_get_next_token (result));
      g_assert_null (pv_result_get_job_status (result));
      g_assert_false (pv_result_get_video_metadata (result)->present);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PvResult) result = from_string ("{\"JobStatus\": \"SUCCEEDED\", \"Persons\": []}",
                                              NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (pv_result_get_n_detections (result), ==, 0);
    g_assert_cmpuint (pv_result_get_warnings (result)->len, ==, 0);
    g_assert_cmpstr (pv_result_get_job_status (result), ==, "SUCCEEDED");
  }
}

static void
test_bad_inputs_top_level_types (void)
{
  static const char * const texts[] = { "42", "\"Persons\"", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = from_string (texts[i], NULL, &error);

      /* Not JSON we can read: neither an object nor an array at the top. */
      g_assert_null (result);
      g_assert_true (g_error_matches (error, PV_RESULT_ERROR, PV_RESULT_ERROR_UNKNOWN_FORMAT)
                     || g_error_matches (error, PV_RESULT_ERROR, PV_RESULT_ERROR_WRONG_SHAPE));
    }
}

static void
test_bad_inputs_deep_nesting (void)
{
  g_autoptr(GString) s = g_string_new ("{\"Persons\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  result = from_string (s->str, NULL, &error);
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "nested deeper than 256"));
}

/* A device says its size is 0 and never ends: the limit holds while reading, not only from the
 * size the file system gives (this overflowed GLib's 4 GiB buffer once). */
static void
test_bad_inputs_endless (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero on this system");
      return;
    }
  result = load ("/dev/zero", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "zero"));
  g_assert_nonnull (strstr (error->message, "512 MiB"));
}

static void
test_bad_inputs_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pv-result-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(PvResult) result = NULL;
  FILE *f;

  /* A sparse file: it has the size without using the disk, and is refused unread. */
  f = fopen (path, "w");
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), (off_t) PV_RESULT_MAX_SIZE + 1), ==, 0);
  fclose (f);

  result = load (path, NULL, &error);
  g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "512 MiB"));
  g_assert_nonnull (strstr (error->message, "huge.json"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Elements that are kept or skipped, each with a warning naming it. */
static void
test_bad_inputs_warnings (void)
{
  static const struct { const char *person; gboolean kept; const char *part; } cases[] = {
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":\"0,0,1,1\"}}",
      TRUE, "BoundingBox is a string" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":{\"Width\":\"NaN\",\"Height\":1,"
      "\"Left\":0,\"Top\":0}}}", TRUE, "BoundingBox.Width is a string" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":{\"Width\":1e400,\"Height\":1,"
      "\"Left\":0,\"Top\":0}}}", TRUE, "BoundingBox.Width is not finite" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":{\"Width\":-0.5,\"Height\":1,"
      "\"Left\":0,\"Top\":0}}}", TRUE, "negative width or height" },
    { "{\"Timestamp\":-40,\"Person\":{\"Index\":0}}", TRUE, "Timestamp is negative" },
    { "{\"Timestamp\":\"40\",\"Person\":{\"Index\":0}}", FALSE, "Timestamp is a string" },
    { "{\"Timestamp\":40.5,\"Person\":{\"Index\":0}}", TRUE, "rounded to 41" },
    { "{\"Timestamp\":1e300,\"Person\":{\"Index\":0}}", FALSE, "out of range" },
    { "{\"Person\":{\"Index\":0}}", FALSE, "has no Timestamp" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":1.5}}", FALSE, "Index 1.5 is not an integer" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":\"3\"}}", FALSE, "Index is a string" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":9223372036854775808}}", FALSE,
      "Index 9.22337e+18 is out of range" },
    { "{\"Timestamp\":0,\"Person\":{}}", FALSE, "Person has no Index" },
    { "{\"Timestamp\":0,\"Person\":[]}", FALSE, "Person is an array" },
    { "{\"Timestamp\":0}", FALSE, "has no Person" },
    { "[]", FALSE, "is an array, not an object" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"Face\":{\"Confidence\":9}}}", TRUE,
      "Face has no BoundingBox" },
    { "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"BoundingBox\":{\"Width\":1,\"Height\":1,"
      "\"Left\":0,\"Top\":0},\"Face\":{\"BoundingBox\":{\"Width\":1,\"Height\":1,\"Left\":0,"
      "\"Top\":0},\"Landmarks\":[{\"Type\":\"nose\",\"X\":\"a\",\"Y\":0}]}}}", TRUE,
      "Landmarks[0] has no finite X and Y" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"Persons\":[%s]}", cases[i].person);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = from_string (text, NULL, &error);

      g_test_message ("case %u", i);
      dump_warnings (result);
      g_assert_no_error (error);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, cases[i].kept ? 1 : 0);
      g_assert_true (has_warning (result, "test.json: Persons[0]", cases[i].part));
    }
}

static void
test_bad_inputs_mot (void)
{
  const PvReadOptions options = { .frame_rate = 10, .frame_width = 100, .frame_height = 100 };
  static const struct { const char *text; guint kept; const char *part; } cases[] = {
    { "1,1,1,1,1,1,1,-1,-1,-1\n1,2,3\n", 1, "6 to 10 comma-separated columns" },
    { "1,1,1,1,1,1,1,-1,-1,-1\n1,2,3,4,5,6,7,8,9,10,11\n", 1, "6 to 10" },
    { "1,1,1,1,1,1,1,-1,-1,-1\n-3,2,1,1,1,1,1,-1,-1,-1\n", 1, "frame -3 is not a frame number" },
    { "1,1,1,1,1,1,1,-1,-1,-1\n0,2,1,1,1,1,1,-1,-1,-1\n", 1, "frame 0" },
    { "1,1,1,1,1,1,1,-1,-1,-1\n2,2,x,1,1,1,1,-1,-1,-1\n", 1, "column 3 (“x”) is not a number" },
    { "1,1,1,1,1,1,1,-1,-1,-1\n2,2.5,1,1,1,1,1,-1,-1,-1\n", 1, "id 2.5 is not an integer" },
    { "1,1,1,1,1,1,1,-1,-1,-1\r\n2,1,1,1,-5,1,1,-1,-1,-1\r\n", 2, "negative width" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvResult) result = from_string (cases[i].text, &options, &error);

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      dump_warnings (result);
      g_assert_cmpuint (pv_result_get_n_detections (result), ==, cases[i].kept);
      g_assert_true (has_warning (result, "test.json: line 2", cases[i].part));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PvResult) result = from_string ("1,1,a,1,1,1\n2,1,b,1,1,1\n", &options, &error);

    g_assert_error (error, PV_RESULT_ERROR, PV_RESULT_ERROR_NO_DETECTIONS);
    g_assert_null (result);
  }
}

/* A broken generator repeating one fault: the list stays bounded, and says how many it left out. */
static void
test_warning_cap (void)
{
  g_autoptr(GString) s = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;
  GPtrArray *warnings;
  PvResultWarning *last;
  g_autofree char *expected = NULL;
  const guint n = PV_RESULT_MAX_WARNINGS + 500;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"Timestamp\":%u,\"Person\":{\"Index\":\"x\"}}",
                            i > 0 ? "," : "", i);
  g_string_append (s, "]");
  result = from_string (s->str, NULL, &error);
  g_assert_no_error (error);
  warnings = pv_result_get_warnings (result);
  g_assert_cmpuint (warnings->len, ==, PV_RESULT_MAX_WARNINGS);
  last = g_ptr_array_index (warnings, warnings->len - 1);
  expected = g_strdup_printf ("%u more warnings", n - (PV_RESULT_MAX_WARNINGS - 1));
  g_assert_nonnull (strstr (last->message, expected));
}


/* Saved results and plain pages may be read by the client's single-pass reader instead of
 * json-glib; whichever way, the result must be the same as through pv_result_add_page (). */
static void
assert_same_as_json_glib (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) fast = pv_result_new_from_bytes (bytes, "x.json", NULL, &error);
  g_autoptr(PvResult) slow = pv_result_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  const PvVideoMetadata *a, *b;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), NULL));
  pv_result_set_name (slow, "x.json");
  g_assert_true (pv_result_add_page (slow, json_node_get_object (json_parser_get_root (parser)),
                                     0, &error));
  g_assert_no_error (error);
  /* Through a timeline, which orders the json-glib result the way the reader does. */
  g_clear_object (&parser);
  {
    g_autoptr(PvTimeline) t1 = pv_timeline_new (fast);
    g_autoptr(PvTimeline) t2 = pv_timeline_new (slow);

    assert_same_detections (fast, slow);
  }
  g_assert_cmpstr (pv_result_get_job_status (fast), ==, pv_result_get_job_status (slow));
  g_assert_cmpstr (pv_result_get_status_message (fast), ==, pv_result_get_status_message (slow));
  g_assert_cmpstr (pv_result_get_next_token (fast), ==, pv_result_get_next_token (slow));
  g_assert_cmpuint (pv_result_get_warnings (fast)->len, ==, pv_result_get_warnings (slow)->len);
  a = pv_result_get_video_metadata (fast);
  b = pv_result_get_video_metadata (slow);
  g_assert_cmpint (a->present, ==, b->present);
  g_assert_cmpstr (a->codec, ==, b->codec);
  g_assert_cmpfloat (a->frame_rate, ==, b->frame_rate);
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpint (a->duration_ms, ==, b->duration_ms);
}

static void
test_fast_path_agrees (void)
{
  static const char * const files[] = {
    "rekognition/awscli_example_get-person-tracking.json",
    "rekognition/awsdocs_devguide_persons_example.json",
    "rekognition/shellzu_IMG_3656_lambda.json",
  };
  const char *dir = g_getenv ("PATHVIEW_SHARED_DATA");

  if (dir == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
      g_autoptr(PvResult) result = NULL;
      g_autoptr(GBytes) saved = NULL;

      if (bytes == NULL)
        {
          g_test_skip_printf ("%s is absent", files[i]);
          return;
        }
      assert_same_as_json_glib (bytes);
      /* And our own saved shape, which is what the cache holds. */
      result = pv_result_new_from_bytes (bytes, "x.json", NULL, &error);
      g_assert_no_error (error);
      saved = pv_result_to_bytes (result);
      assert_same_as_json_glib (saved);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result/rekognition/shellzu", test_shellzu);
  g_test_add_func ("/result/rekognition/awscli-example", test_awscli_example);
  g_test_add_func ("/result/rekognition/devguide-example", test_devguide_example);
  g_test_add_func ("/result/rekognition/devguide-verbatim-invalid", test_devguide_verbatim_invalid);
  g_test_add_func ("/result/pages/add-page", test_add_page);
  g_test_add_func ("/result/guidance/lower-camel", test_guidance);
  g_test_add_func ("/result/mot/sort-results", test_mot_sort);
  g_test_add_func ("/result/mot/python-baseline", test_mot_python_baseline);
  g_test_add_func ("/result/mot/detections-without-ids", test_mot_det);
  g_test_add_func ("/result/mot/ground-truth", test_mot_ground_truth);
  g_test_add_func ("/result/mot/needs-video", test_mot_needs_video);
  g_test_add_func ("/result/save/round-trip-shellzu", test_save_round_trip_shellzu);
  g_test_add_func ("/result/save/round-trip-devguide", test_save_round_trip_awscli);
  g_test_add_func ("/result/save/round-trip-metadata-numbers",
                   test_save_round_trip_metadata_numbers);
  g_test_add_func ("/result/save/round-trip-mot", test_save_round_trip_mot);
  g_test_add_func ("/result/save/round-trip-guidance", test_save_round_trip_guidance);
  g_test_add_func ("/result/duplicates", test_duplicates);
  g_test_add_func ("/result/fast-path-agrees", test_fast_path_agrees);
  g_test_add_func ("/result/check-video", test_check_video);
  g_test_add_func ("/result/bad-input/errors", test_bad_inputs_errors);
  g_test_add_func ("/result/bad-input/page-members", test_bad_inputs_page_members);
  g_test_add_func ("/result/bad-input/top-level-types", test_bad_inputs_top_level_types);
  g_test_add_func ("/result/bad-input/deep-nesting", test_bad_inputs_deep_nesting);
  g_test_add_func ("/result/bad-input/too-large", test_bad_inputs_too_large);
  g_test_add_func ("/result/bad-input/endless", test_bad_inputs_endless);
  g_test_add_func ("/result/bad-input/element-warnings", test_bad_inputs_warnings);
  g_test_add_func ("/result/bad-input/mot", test_bad_inputs_mot);
  g_test_add_func ("/result/warning-cap", test_warning_cap);

  return g_test_run ();
}
