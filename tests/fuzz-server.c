/* fuzz-server.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A fuzz target for pathview-server's request handling and job reader, without libsoup.
 *
 * Input: the first byte picks the mode, the rest is the data.
 *   bit 0 clear: a job file for pv_job_new_from_bytes.
 *   bit 0 set:   a raw HTTP/1.1 request ("METHOD TARGET HTTP/1.1", headers, empty line, body)
 *                for pv_service_handle; with bit 1 also set, the harness signs it with the
 *                service's key first (when it has an X-Amz-Date), so inputs get past SigV4 to the
 *                operations instead of stopping at a signature no fuzzer can guess.
 *
 * Built with -DPV_LIBFUZZER -fsanitize=fuzzer it is a libFuzzer target. Otherwise it replays
 * files: `fuzz-server FILE|DIR...` (corpus files with the mode byte), or
 * `fuzz-server --jobs FILE...` for plain job files. The test suite replays tests/fuzz-corpus. */

#define G_LOG_DOMAIN "fuzz-server"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pv-credentials-file.h"
#include "pv-job-store.h"
#include "pv-service.h"
#include "pv-sigv4.h"

#define ACCESS_KEY "AKIDEXAMPLE"
#define SECRET     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static PvService *service;
static GDateTime *fixed_now;

static const char job_text[] =
  "{\"JobStatus\":\"SUCCEEDED\",\"VideoMetadata\":{\"FrameRate\":25.0},\"Persons\":["
  "{\"Timestamp\":0,\"Person\":{\"Index\":0,\"Face\":{\"Confidence\":90.5}}},"
  "{\"Timestamp\":40,\"Person\":{\"Index\":1}},"
  "{\"Timestamp\":40,\"Person\":{\"Index\":0,\"Face\":{\"Confidence\":99}}}]}";

static void
setup (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *job = NULL;
  g_autofree char *cred = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *credentials;

  if (service != NULL)
    return;

  dir = g_dir_make_tmp ("pv-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  job = g_build_filename (dir, "job.json", NULL);
  cred = g_build_filename (dir, "credentials", NULL);
  g_file_set_contents (job, job_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (cred, "[default]\naws_access_key_id=" ACCESS_KEY "\n"
                       "aws_secret_access_key=" SECRET "\n", -1, &error);
  g_assert_no_error (error);
  credentials = pv_credentials_file_load (cred, &error);
  g_assert_no_error (error);
  g_unlink (cred);

  service = pv_service_new (pv_job_store_new (dir), credentials, NULL);
  fixed_now = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
}

static void
fuzz_job (const guint8 *data,
          gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvJob) job = pv_job_new_from_bytes ("job", bytes, 1, &error);

  if (job == NULL)
    {
      g_assert_nonnull (error);
      return;
    }

  /* Each order is a permutation, and each detection's bytes lie inside the input. */
  for (guint sort = 0; sort < PV_JOB_N_SORTS; sort++)
    {
      const guint32 *order = pv_job_get_order (job, sort);
      g_autofree guint8 *seen = g_malloc0 (job->n_detections + 1);

      for (guint i = 0; i < job->n_detections; i++)
        {
          g_assert_cmpuint (order[i], <, job->n_detections);
          g_assert_false (seen[order[i]]);
          seen[order[i]] = 1;
        }
    }
  for (guint i = 0; i < job->n_detections; i++)
    g_assert_cmpuint (job->detections[i].offset + job->detections[i].length, <=, size);
}

static void
fuzz_request (const guint8 *data,
              gsize         size,
              gboolean      sign)
{
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (PvSigv4Header));
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *authorization = NULL;
  PvServiceResponse response;
  PvServiceRequest request = { 0 };
  const char *amz_date = NULL;
  char *line, *next, *sp1, *sp2, *q;
  gsize body_offset = size;

  /* the request line */
  next = strchr (text, '\n');
  if (next == NULL)
    return;
  *next++ = '\0';
  line = text;
  sp1 = strchr (line, ' ');
  sp2 = strrchr (line, ' ');
  if (sp1 == NULL || sp2 == sp1)
    return;
  *sp1 = '\0';
  *sp2 = '\0';
  request.method = line;
  request.path = sp1 + 1;
  q = strchr (sp1 + 1, '?');
  if (q != NULL)
    {
      *q = '\0';
      request.query = q + 1;
    }

  /* headers, up to an empty line; strndup stopped at any NUL, so the body is taken from data */
  while ((line = next) != NULL && *line != '\0')
    {
      char *colon;
      PvSigv4Header h;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (*line == '\r' || *line == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      h.name = line;
      h.value = colon + 1;
      while (*h.value == ' ')
        h.value++;
      if (g_ascii_strcasecmp (h.name, "X-Amz-Date") == 0)
        amz_date = h.value;
      if (sign && g_ascii_strcasecmp (h.name, "Authorization") == 0)
        continue;
      g_array_append_val (headers, h);
    }
  if (line != NULL && next != NULL)
    body_offset = (gsize) (next - text);
  if (body_offset > size)
    body_offset = size;

  request.body = data + body_offset;
  request.body_len = size - body_offset;

  if (sign && amz_date != NULL && strlen (amz_date) >= 8)
    {
      PvSigv4Header h;

      authorization = pv_sigv4_authorization (ACCESS_KEY, SECRET, "us-east-1", "rekognition",
                                              amz_date, request.method, request.path,
                                              request.query,
                                              (const PvSigv4Header *) (gpointer) headers->data,
                                              headers->len, request.body, request.body_len);
      h.name = "Authorization";
      h.value = authorization;
      g_array_append_val (headers, h);
    }

  request.headers = (const PvSigv4Header *) (gpointer) headers->data;
  request.n_headers = headers->len;
  request.now = fixed_now;

  pv_service_response_init (&response);
  pv_service_handle (service, &request, &response);
  /* To see how deep corpus inputs get */
  if (g_getenv ("PV_FUZZ_VERBOSE") != NULL && response.body != NULL)
    g_printerr ("%u %.*s\n", response.status, (int) MIN (g_bytes_get_size (response.body), 120),
                (const char *) g_bytes_get_data (response.body, NULL));

  /* Every answer has a status; a body, when there is one, is a JSON object. */
  g_assert_cmpuint (response.status, >=, 200);
  g_assert_cmpuint (response.status, <, 600);
  if (response.body != NULL && g_bytes_get_size (response.body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *body = g_bytes_get_data (response.body, &len);

      g_assert_true (json_parser_load_from_data (parser, body, len, NULL));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    }
  pv_service_response_clear (&response);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  setup ();

  if (size == 0)
    return 0;
  if ((data[0] & 1) == 0)
    fuzz_job (data + 1, size - 1);
  else
    fuzz_request (data + 1, size - 1, (data[0] & 2) != 0);

  return 0;
}

#ifndef PV_LIBFUZZER
static guint n_replayed;

static void
replay_file (const char *path,
             gboolean    plain_jobs)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("fuzz-server: %s is absent, skipped\n", path);
      return;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          replay_file (child, plain_jobs);
        }
      return;
    }

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  setup ();
  if (plain_jobs)
    fuzz_job ((const guint8 *) contents, len);
  else
    LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  n_replayed++;
}

int
main (int   argc,
      char *argv[])
{
  gboolean plain_jobs = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--jobs") == 0)
        plain_jobs = TRUE;
      else
        replay_file (argv[i], plain_jobs);
    }

  g_print ("fuzz-server: replayed %u inputs\n", n_replayed);
  if (service != NULL)
    {
      g_autofree char *dir = g_strdup (pv_job_store_get_dir (pv_service_get_job_store (service)));
      g_autofree char *job = g_build_filename (dir, "job.json", NULL);

      g_clear_pointer (&service, pv_service_free);
      g_unlink (job);
      g_rmdir (dir);
    }
  g_clear_pointer (&fixed_now, g_date_time_unref);

  /* An empty run proves nothing: the corpus went missing. */
  return n_replayed > 0 ? 0 : 1;
}
#endif
