/* bench-client.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <sys/resource.h>

#include "pv-client.h"
#include "pv-result.h"

/* The PvClient side of tools/bench-client: fetch every page of a job and parse it into a
 * PvResult, then print the same "<detections> <checksum>" line as tests/boto3-fetch.py and the
 * time and peak RSS on stderr. Credentials come from the environment, as for the AWS CLI. */

typedef struct
{
  PvResult *result;
  GError   *error;
  gboolean  done;
} Run;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->result = pv_client_get_person_tracking_finish (PV_CLIENT (source), result, &run->error);
  run->done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *endpoint = NULL;
  g_autofree char *job_id = NULL;
  int max_results = 1000;
  int timeout_ms = 30000;
  GOptionEntry entries[] = {
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &endpoint, "Endpoint", "URL" },
    { "job-id", 0, 0, G_OPTION_ARG_STRING, &job_id, "JobId", "ID" },
    { "max-results", 0, 0, G_OPTION_ARG_INT, &max_results, "MaxResults", "N" },
    { "timeout-ms", 0, 0, G_OPTION_ARG_INT, &timeout_ms, "Per-request timeout", "MS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- fetch one job with PvClient");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvClient) client = NULL;
  const PvDetection *detections;
  struct rusage usage;
  Run run = { 0 };
  guint64 sum = 0;
  gint64 start;
  guint n;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || endpoint == NULL || !job_id)
    {
      g_printerr ("%s\n", error ? error->message : "--endpoint-url and --job-id are needed");
      return 2;
    }

  start = g_get_monotonic_time ();
  client = pv_client_new (&(PvClientOptions) { .endpoint_url = endpoint, .region = "us-east-1",
                                               .timeout_ms = MAX (timeout_ms, 1) },
                          &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  pv_client_get_person_tracking_async (client, job_id,
                                       &(PvFetchOptions) { .max_results = max_results },
                                       NULL, on_fetched, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  if (run.result == NULL)
    {
      g_printerr ("%s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }

  detections = pv_result_get_detections (run.result, &n);
  for (guint i = 0; i < n; i++)
    sum += (guint64) detections[i].timestamp_ms * 1000003u + (guint64) detections[i].index * 7919u
           + (guint64) (gint64) floor (detections[i].box.left * 1e6 + 0.5) * 31u
           + (guint64) (gint64) floor (detections[i].box.top * 1e6 + 0.5);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("%u %" G_GUINT64_FORMAT "\n", n, sum);
  g_printerr ("pvclient: %u pages, %u detections, %.3f s, peak RSS %ld KiB\n",
              pv_result_get_n_pages (run.result), n,
              (g_get_monotonic_time () - start) / 1e6, usage.ru_maxrss);
  g_clear_object (&run.result);
  return 0;
}
