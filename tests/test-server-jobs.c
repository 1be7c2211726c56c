/* test-server-jobs.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-server-jobs"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pv-job-store.h"

/* pathview-server's job reader scans files itself (a json-glib tree of a million detections would
 * not fit), so here json-glib is the independent reference it is checked against. */

static PvJob *
job_from_text (const char  *text,
               gssize       len,
               GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return pv_job_new_from_bytes ("job", bytes, 1, error);
}

static void
check_against_json_glib (const char *contents,
                         gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  JsonObject *root;
  JsonArray *persons;

  g_assert_true (json_parser_load_from_data (parser, contents, len, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  persons = json_object_get_array_member (root, "Persons");

  job = job_from_text (contents, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpuint (job->n_detections, ==, json_array_get_length (persons));

  for (guint i = 0; i < job->n_detections; i++)
    {
      g_autoptr(JsonParser) slice_parser = json_parser_new ();
      const PvJobDetection *d = &job->detections[i];
      JsonObject *want = json_array_get_object_element (persons, i);
      JsonObject *person = json_object_get_object_member (want, "Person");
      double confidence = -1;

      g_assert_cmpint (d->timestamp, ==, json_object_get_int_member (want, "Timestamp"));
      g_assert_cmpint (d->index, ==, json_object_get_int_member (person, "Index"));
      if (json_object_has_member (person, "Face"))
        confidence = json_object_get_double_member (json_object_get_object_member (person,
                                                                                   "Face"),
                                                    "Confidence");
      g_assert_cmpfloat (d->confidence, ==, confidence);

      /* the bytes served for it are exactly that element */
      g_assert_true (json_parser_load_from_data (slice_parser, job->data + d->offset, d->length,
                                                 &error));
      g_assert_no_error (error);
      g_assert_true (json_node_equal (json_parser_get_root (slice_parser),
                                      json_array_get_element (persons, i)));
    }

  if (json_object_has_member (root, "VideoMetadata"))
    {
      g_autoptr(JsonParser) vm = json_parser_new ();

      g_assert_cmpuint (job->video_metadata_length, >, 0);
      g_assert_true (json_parser_load_from_data (vm, job->data + job->video_metadata_offset,
                                                 job->video_metadata_length, &error));
      g_assert_true (json_node_equal (json_parser_get_root (vm),
                                      json_object_get_member (root, "VideoMetadata")));
    }
  else
    g_assert_cmpuint (job->video_metadata_length, ==, 0);

  g_assert_cmpstr (job->job_status, ==,
                   json_object_has_member (root, "JobStatus") ?
                   json_object_get_string_member (root, "JobStatus") : "SUCCEEDED");
}

static void
test_real_files (void)
{
  const char *shared = g_getenv ("PATHVIEW_SHARED_DATA");
  static const char *files[] = {
    "rekognition/awscli_example_get-person-tracking.json",
    "rekognition/awsdocs_devguide_persons_example.json",
    "rekognition/shellzu_IMG_3656_lambda.json",
  };

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (shared, files[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      g_test_message ("%s", files[i]);
      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      check_against_json_glib (contents, len);
    }
}

static void
test_invalid_real_file (void)
{
  const char *shared = g_getenv ("PATHVIEW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  gsize len;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set");
      return;
    }

  /* the developer guide's example, with its "}....." */
  path = g_build_filename (shared, "rekognition", "awsdocs_devguide_persons_example.verbatim.txt",
                           NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  job = job_from_text (contents, len, &error);
  g_assert_null (job);
  g_assert_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID);
}

static const char small_job[] =
  "{\"JobStatus\":\"SUCCEEDED\",\"VideoMetadata\":{\"FrameRate\":25.0,\"Codec\":\"h264\"},"
  "\"Persons\":[{\"Timestamp\":40,\"Person\":{\"Index\":1,\"BoundingBox\":{\"Left\":0.5e-1}}},"
  "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"Face\":{\"Confidence\":99.5,"
  "\"Landmarks\":[{\"Type\":\"nose\",\"X\":-0.1,\"Y\":1E2}]}}},"
  "{\"Person\":{\"Index\":0,\"Face\":{\"Confidence\":50}},\"Timestamp\":0,"
  "\"x\":[true,false,null,\"\\u00e9\\n\\\"\"]}],\"fileName\":\"a.mp4\"}";

static void
test_small (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  const guint32 *order;

  check_against_json_glib (small_job, sizeof small_job - 1);

  job = job_from_text (small_job, -1, &error);
  g_assert_no_error (error);

  /* TIMESTAMP: by time, ties in file order */
  order = pv_job_get_order (job, PV_JOB_SORT_TIMESTAMP);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[1], ==, 2);
  g_assert_cmpuint (order[2], ==, 0);

  /* INDEX: by Index, then confidence, highest first */
  order = pv_job_get_order (job, PV_JOB_SORT_INDEX);
  g_assert_cmpuint (order[0], ==, 1);
  g_assert_cmpuint (order[1], ==, 2);
  g_assert_cmpuint (order[2], ==, 0);
}

/* The job a result file names (Video, JobTag) is kept as the file has it, for the pages to echo;
 * json-glib says what the file holds. */
static void
test_job_echo (void)
{
  static const char text[] =
    "{\"JobStatus\":\"SUCCEEDED\",\"JobId\":\"job\",\"Video\":{\"S3Object\":{\"Bucket\":\"pets\","
    "\"Name\":\"a \\\"b\\\" {c}.mp4\",\"Version\":\"3\"}},\"JobTag\":\"tag:1/x\",\"Persons\":[]}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) video_parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  job = job_from_text (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->job_tag, ==, json_object_get_string_member (root, "JobTag"));
  g_assert_cmpuint (job->video_length, >, 0);
  json_parser_load_from_data (video_parser, job->data + job->video_offset,
                              (gssize) job->video_length, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (video_parser),
                                  json_object_get_member (root, "Video")));
  g_clear_pointer (&job, pv_job_unref);

  /* A file without them has neither. */
  job = job_from_text ("{\"Persons\":[]}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (job->job_tag);
  g_assert_cmpuint (job->video_length, ==, 0);
  g_clear_pointer (&job, pv_job_unref);

  /* A Video that is not an object is a broken file, not a Video. */
  job = job_from_text ("{\"Video\":\"v.mp4\",\"Persons\":[]}", -1, &error);
  g_assert_null (job);
  g_assert_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID);
}

static void
test_truncated (void)
{
  /* No proper prefix of a JSON object is a JSON object. */
  for (gsize n = 0; n < sizeof small_job - 1; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvJob) job = job_from_text (small_job, n, &error);

      g_assert_null (job);
      g_assert_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID);
    }
}

static void
test_invalid (void)
{
  static const char *bad[] = {
    "",
    "[]",
    "{}",                                                     /* no Persons */
    "{\"Persons\":{}}",
    "{\"Persons\":[1]}",
    "{\"Persons\":[{\"Person\":{\"Index\":0}}]}",                 /* no Timestamp */
    "{\"Persons\":[{\"Timestamp\":0}]}",                          /* no Person */
    "{\"Persons\":[{\"Timestamp\":0,\"Person\":{}}]}",            /* no Index */
    "{\"Persons\":[{\"Timestamp\":\"0\",\"Person\":{\"Index\":0}}]}",
    "{\"Persons\":[{\"Timestamp\":0.5,\"Person\":{\"Index\":0}}]}",
    "{\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":1e3}}]}",
    "{\"Persons\":[{\"Timestamp\":0,\"Person\":[]}]}",
    "{\"Persons\":[{\"Timestamp\":01,\"Person\":{\"Index\":0}}]}",
    "{\"Persons\":[{\"Timestamp\":-,\"Person\":{\"Index\":0}}]}",
    "{\"Persons\":[{\"Timestamp\":99999999999999999999,\"Person\":{\"Index\":0}}]}",
    "{\"Persons\":[],\"x\":1.}",
    "{\"Persons\":[],\"x\":.5}",
    "{\"Persons\":[],\"x\":tru}",
    "{\"Persons\":[],\"x\":nul}",
    "{\"Persons\":[],\"x\":\"\\q\"}",
    "{\"Persons\":[],\"x\":\"\\u12\"}",
    "{\"Persons\":[],\"x\":\"a\nb\"}",
    "{\"Persons\":[],\"x\":[1,]}",
    "{\"Persons\":[],}",
    "{\"Persons\":[]} x",
    "{\"Persons\":[]}{}",
    "{\"Persons\":[],\"VideoMetadata\":[]}",
    "{\"Persons\":[],\"JobStatus\":5}",
    "{\"Persons\":[],\"x\":\"\xff\"}",                            /* not UTF-8 */
    "{\"Persons\" [] }",
    "{Persons:[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvJob) job = job_from_text (bad[i], -1, &error);
      g_autofree char *escaped = g_strescape (bad[i], NULL);

      g_test_message ("%s", escaped);
      g_assert_null (job);
      g_assert_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID);
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new ("{\"Persons\":[],\"x\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;

  /* a stack overflow would be a crash; the depth limit makes it an error */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  job = job_from_text (text->str, text->len, &error);
  g_assert_null (job);
  g_assert_error (error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_INVALID);
}

static void
test_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pv-jobs-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a-1_B.json", NULL);
  g_autoptr(PvJobStore) store = pv_job_store_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = NULL;
  g_autoptr(PvJob) again = NULL;
  static const char *not_found[] = { "nope", "../a-1_B", "a-1_B.json", "", "a/b" };

  g_assert_true (g_file_set_contents (path, small_job, -1, NULL));

  job = pv_job_store_lookup (store, "a-1_B", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (job->n_detections, ==, 3);
  again = pv_job_store_lookup (store, "a-1_B", &error);
  g_assert_true (again == job);  /* cached while the file is unchanged */

  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    {
      g_autoptr(GError) nf_error = NULL;
      g_autoptr(PvJob) nf = pv_job_store_lookup (store, not_found[i], &nf_error);

      g_assert_null (nf);
      g_assert_error (nf_error, PV_JOB_STORE_ERROR, PV_JOB_STORE_ERROR_NOT_FOUND);
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/jobs/real-files", test_real_files);
  g_test_add_func ("/server/jobs/invalid-real-file", test_invalid_real_file);
  g_test_add_func ("/server/jobs/small", test_small);
  g_test_add_func ("/server/jobs/job-echo", test_job_echo);
  g_test_add_func ("/server/jobs/truncated", test_truncated);
  g_test_add_func ("/server/jobs/invalid", test_invalid);
  g_test_add_func ("/server/jobs/deep-nesting", test_deep_nesting);
  g_test_add_func ("/server/jobs/store", test_store);

  return g_test_run ();
}
