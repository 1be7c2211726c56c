/* test-result.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pv-result.h"

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

static char *
test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
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
      n_face_only += !json_object_has_member (p, "BoundingBox") && json_object_has_member (p, "Face");
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
                   json_object_get_string_member (json_object_get_object_member (o, "VideoMetadata"),
                                                  "FileExtension"));
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

  return g_test_run ();
}
