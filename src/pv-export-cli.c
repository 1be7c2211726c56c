/* pv-export-cli.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-export-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "pv-client.h"
#include "pv-export-cli.h"
#include "pv-exporter.h"
#include "pv-index-filter.h"
#include "pv-overlay.h"
#include "pv-result.h"
#include "pv-timeline.h"

typedef struct
{
  /* Options */
  char         *job_id;
  char         *endpoint_url;
  char         *region;
  char         *profile;
  char         *results;
  char         *output;
  char         *format;
  char         *from;
  char         *to;
  int           every;
  gboolean      detections_only;
  char         *persons;
  gboolean      no_boxes;
  gboolean      no_labels;
  gboolean      no_faces;
  gboolean      no_landmarks;
  double        trail_seconds;
  gboolean      interpolate;
  double        threshold;
  int           png_level;
  gboolean      force;
  gboolean      quiet;
  char        **remaining;

  /* Run */
  GMainLoop    *loop;
  GCancellable *cancellable;
  PvResult     *result;
  GError       *error;
  gboolean      ok;
  gboolean      tty;
  int           last_percent;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_free (cli->job_id);
  g_free (cli->endpoint_url);
  g_free (cli->region);
  g_free (cli->profile);
  g_free (cli->results);
  g_free (cli->output);
  g_free (cli->format);
  g_free (cli->from);
  g_free (cli->to);
  g_free (cli->persons);
  g_strfreev (cli->remaining);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_object (&cli->cancellable);
  g_clear_object (&cli->result);
  g_clear_error (&cli->error);
}

/* "12", "12.5", "1:02.5" or "1:00:02": seconds from the video's first frame. */
static gboolean
parse_time (const char  *option,
            const char  *text,
            gint64      *us,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  double seconds = 0;

  if (n == 0 || n > 3)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;
      double value = g_ascii_strtod (parts[i], &end);

      if (end == parts[i] || *end != '\0' || value < 0 || (i + 1 < n && value != (gint64) value))
        goto bad;
      seconds = seconds * 60 + value;
    }
  *us = (gint64) (seconds * G_USEC_PER_SEC + 0.5);
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s: “%s” is not a time (use seconds, MM:SS or HH:MM:SS)"), option, text);
  return FALSE;
}

static gboolean
parse_format (Cli             *cli,
              PvExportFormat  *format,
              GError         **error)
{
  const char *name = cli->format;

  if (name == NULL)
    {
      /* From the output's extension; a name without one is a folder of PNGs. */
      if (g_str_has_suffix (cli->output, ".mp4"))
        name = "mp4";
      else if (g_str_has_suffix (cli->output, ".webm"))
        name = "webm";
      else
        name = "png";
    }

  if (g_str_equal (name, "png"))
    {
      static const char * const other_files[] = {
        ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".avi", ".mkv", ".mov",
      };
      g_autofree char *lower = g_ascii_strdown (cli->output, -1);

      /* "frame.jpg" would otherwise become a folder of PNGs named like a picture. */
      for (guint i = 0; i < G_N_ELEMENTS (other_files); i++)
        if (g_str_has_suffix (lower, other_files[i]))
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--output: “%s” is not a .png file; PNG exports write one .png file "
                           "or a folder of them"), cli->output);
            return FALSE;
          }
      *format = PV_EXPORT_FORMAT_PNG;
    }
  else if (g_str_equal (name, "mp4"))
    *format = PV_EXPORT_FORMAT_MP4;
  else if (g_str_equal (name, "webm"))
    *format = PV_EXPORT_FORMAT_WEBM;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--format: “%s” is not png, mp4 or webm"), name);
      return FALSE;
    }
  return TRUE;
}

/* Progress: a bar on a terminal, otherwise one line per percent (for logs). */
static void
on_progress (PvExporter *exporter,
             guint       done,
             guint       total,
             double      eta,
             Cli        *cli)
{
  int percent;

  if (cli->quiet || total == 0)
    return;
  percent = (int) MIN (100, 100.0 * done / total);

  if (cli->tty)
    {
      char bar[31];
      int filled = percent * 30 / 100;

      memset (bar, '#', filled);
      memset (bar + filled, '.', 30 - filled);
      bar[30] = '\0';
      fputc ('\r', stderr);
      if (eta >= 0)
        fprintf (stderr, _("[%s] %3d%%  %u/%u frames  %.0f s left "), bar, percent, done,
                 total, eta);
      else
        fprintf (stderr, "[%s] %3d%%  %u/%u ", bar, percent, done, total);
      fflush (stderr);
    }
  else if (percent != cli->last_percent)
    {
      fprintf (stderr, _("%d%% (%u/%u frames)"), percent, done, total);
      fputc ('\n', stderr);
    }
  cli->last_percent = percent;
}

static gboolean
on_sigint (gpointer user_data)
{
  Cli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Cli *cli = user_data;

  cli->result = pv_client_get_person_tracking_finish (PV_CLIENT (object), result, &cli->error);
  g_main_loop_quit (cli->loop);
}

static void
on_fetch_progress (PvClient *client,
                   guint     pages,
                   guint     persons,
                   Cli      *cli)
{
  if (!cli->quiet && cli->tty)
    {
      fputc ('\r', stderr);
      fprintf (stderr, _("Fetching: page %u, %u persons "), pages, persons);
      fflush (stderr);
    }
}

static gboolean
load_results (Cli                     *cli,
              const PvExportVideoInfo *info,
              GError                 **error)
{
  PvReadOptions options = { info->frame_rate, (guint) info->width, (guint) info->height };

  if (cli->results != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->results);

      cli->result = pv_result_load_file (file, &options, cli->cancellable, error);
      return cli->result != NULL;
    }
  else
    {
      PvClientOptions client_options = { 0, };
      PvFetchOptions fetch = { 0, };
      g_autoptr(PvClient) client = NULL;
      g_autofree char *cache = NULL;

      /* A JobId from the command line is user input: refuse it here, with the reason, before
       * the cache path (which asserts a valid one) or any request sees it. */
      if (!pv_client_validate_job_id (cli->job_id, error))
        return FALSE;

      client_options.endpoint_url = cli->endpoint_url;
      client_options.region = cli->region;
      client_options.profile = cli->profile;
      client = pv_client_new (&client_options, error);
      if (client == NULL)
        return FALSE;

      /* A job fetched before opens from the cache, with no network (as in the window). */
      cache = pv_client_cache_path (pv_client_get_endpoint_url (client), cli->job_id);
      if (cache != NULL && g_file_test (cache, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GFile) file = g_file_new_for_path (cache);

          cli->result = pv_result_load_file (file, &options, cli->cancellable, error);
          return cli->result != NULL;
        }

      fetch.save_to_cache = TRUE;
      /* The endpoint may come from the AWS settings rather than --endpoint-url: name it. */
      if (!cli->quiet)
        /* Translators: the first %s is a JobId, the second an endpoint URL */
        fprintf (stderr, _("Fetching job %s from %s\n"), cli->job_id,
                 pv_client_get_endpoint_url (client));
      g_signal_connect (client, "progress", G_CALLBACK (on_fetch_progress), cli);
      pv_client_get_person_tracking_async (client, cli->job_id, &fetch, cli->cancellable,
                                           fetch_done, cli);
      g_main_loop_run (cli->loop);
      if (!cli->quiet && cli->tty)
        fprintf (stderr, "\n");
      if (cli->result == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&cli->error));
          return FALSE;
        }
      return TRUE;
    }
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;

  cli->ok = pv_exporter_run_finish (PV_EXPORTER (object), result, &cli->error);
  g_main_loop_quit (cli->loop);
}

static int
fail (Cli          *cli,
      const GError *error)
{
  if (cli->tty && !cli->quiet)
    fprintf (stderr, "\n");
  fprintf (stderr, "pathview export: %s\n", error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED))
    return PV_EXPORT_CLI_CANCELLED;
  return PV_EXPORT_CLI_FAILED;
}

static int
run (Cli     *cli,
     int      argc,
     char   **argv)
{
  const GOptionEntry entries[] = {
    { "job-id", 0, 0, G_OPTION_ARG_STRING, &cli->job_id,
      N_("Fetch the person tracking results of this job"), N_("ID") },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &cli->endpoint_url,
      N_("Rekognition-compatible endpoint"), N_("URL") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &cli->region, N_("AWS region"), N_("REGION") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &cli->profile, N_("AWS profile"), N_("PROFILE") },
    { "results", 0, 0, G_OPTION_ARG_FILENAME, &cli->results,
      N_("Read the results from a file (JSON or MOT text)"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli->output,
      N_("The video file or PNG folder to create"), N_("PATH") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &cli->format,
      N_("png, mp4 or webm (default: from the output name)"), N_("FORMAT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &cli->from,
      N_("Start at this time from the first frame (seconds or HH:MM:SS)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &cli->to, N_("End at this time (inclusive)"), N_("T") },
    { "every", 0, 0, G_OPTION_ARG_INT, &cli->every, N_("PNG: every Nth frame"), N_("N") },
    { "detections-only", 0, 0, G_OPTION_ARG_NONE, &cli->detections_only,
      N_("PNG: only frames where someone is shown"), NULL },
    { "persons", 0, 0, G_OPTION_ARG_STRING, &cli->persons,
      N_("Only these person Indexes, like 1,3,7-12"), N_("LIST") },
    { "no-boxes", 0, 0, G_OPTION_ARG_NONE, &cli->no_boxes, N_("Do not draw person boxes"), NULL },
    { "no-labels", 0, 0, G_OPTION_ARG_NONE, &cli->no_labels, N_("Do not draw labels"), NULL },
    { "no-faces", 0, 0, G_OPTION_ARG_NONE, &cli->no_faces, N_("Do not draw face boxes"), NULL },
    { "no-landmarks", 0, 0, G_OPTION_ARG_NONE, &cli->no_landmarks,
      N_("Do not draw face landmarks"), NULL },
    { "trail", 0, 0, G_OPTION_ARG_DOUBLE, &cli->trail_seconds,
      N_("Draw each path over the last SECONDS"), N_("SECONDS") },
    { "interpolate", 0, 0, G_OPTION_ARG_NONE, &cli->interpolate,
      N_("Interpolate boxes between samples"), NULL },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &cli->threshold,
      N_("Hide detections below this confidence (percent)"), N_("PERCENT") },
    { "png-level", 0, 0, G_OPTION_ARG_INT, &cli->png_level,
      N_("PNG zlib compression level, 0-9 (default 1)"), N_("LEVEL") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &cli->force, N_("Overwrite an existing output"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, N_("No progress output"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli->remaining, NULL,
      N_("VIDEO") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(PvExporter) exporter = NULL;
  PvExportVideoInfo info;
  PvExportFormat format;
  PvOverlayStyle style;
  PvExportOverlayFlags flags = 0;
  gint64 from_us = G_MININT64, to_us = G_MAXINT64;
  guint sigint_id;
  int status;

  cli->every = 1;
  cli->png_level = 1;

  g_set_prgname ("pathview export");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Draws the tracked people into PNG frames or a "
                                           "video, without a display."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (cli, error);

  if (cli->remaining == NULL || g_strv_length (cli->remaining) != 1)
    error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                                 _("Give exactly one video"));
  else if ((cli->job_id == NULL) == (cli->results == NULL))
    error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                                 _("Give either --job-id or --results"));
  else if (cli->output == NULL)
    error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                                 _("Give the output with --output"));
  else if (cli->every < 1)
    error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                 _("--every must be 1 or more"));
  else if (cli->png_level < 0 || cli->png_level > 9)
    error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                 _("--png-level must be 0 to 9"));
  if (error != NULL)
    return fail (cli, error);

  if (!parse_format (cli, &format, &error)
      || (cli->from != NULL && !parse_time ("--from", cli->from, &from_us, &error))
      || (cli->to != NULL && !parse_time ("--to", cli->to, &to_us, &error)))
    return fail (cli, error);
  if (cli->from != NULL && cli->to != NULL && from_us > to_us)
    {
      error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   _("--from is after --to"));
      return fail (cli, error);
    }

  cli->tty = isatty (STDERR_FILENO);
  cli->last_percent = -1;
  cli->loop = g_main_loop_new (NULL, FALSE);
  cli->cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, cli);

  video = g_file_new_for_commandline_arg (cli->remaining[0]);
  output = g_file_new_for_commandline_arg (cli->output);

  if (!pv_exporter_probe_video (video, &info, &error) || !load_results (cli, &info, &error))
    {
      g_source_remove (sigint_id);
      return fail (cli, error);
    }

  /* What the reader doubted or left out, as the window lists it: even with --quiet, since the
   * export may show less than the file holds. */
  {
    GPtrArray *warnings = pv_result_get_warnings (cli->result);

    for (guint i = 0; warnings != NULL && i < warnings->len; i++)
      {
        const PvResultWarning *w = g_ptr_array_index (warnings, i);

        fprintf (stderr, "%s: %s\n", w->location, w->message);
      }
  }

  /* Timestamps count from the first frame, whose PTS need not be 0. */
  timeline = pv_timeline_new (cli->result);
  pv_timeline_set_time_offset (timeline, info.first_pts_us);
  pv_timeline_set_interpolate (timeline, cli->interpolate);
  if (cli->threshold > 0)
    pv_timeline_set_confidence_threshold (timeline, cli->threshold);
  if (cli->persons != NULL)
    {
      PvIndexFilter *filter = pv_timeline_get_filter (timeline);

      if (!pv_index_filter_set_from_text (filter, cli->persons, &error))
        {
          g_source_remove (sigint_id);
          g_prefix_error (&error, "--persons: ");
          return fail (cli, error);
        }
      pv_index_filter_set_mode (filter, PV_INDEX_FILTER_ONLY);
    }

  pv_overlay_style_init (&style);
  style.show_boxes = !cli->no_boxes;
  style.show_labels = !cli->no_labels;
  style.show_faces = !cli->no_faces;
  style.show_landmarks = !cli->no_landmarks;
  style.trail_seconds = MAX (cli->trail_seconds, 0);
  if (cli->detections_only)
    flags |= PV_EXPORT_OVERLAY_DETECTIONS_ONLY;

  exporter = pv_exporter_new (video, output, format);
  pv_exporter_set_overlay (exporter, timeline, &style, flags);
  pv_exporter_set_range (exporter,
                         cli->from != NULL ? info.first_pts_us + from_us : G_MININT64,
                         cli->to != NULL ? info.first_pts_us + to_us : G_MAXINT64);
  pv_exporter_set_every (exporter, (guint) cli->every);
  pv_exporter_set_png_compression (exporter, cli->png_level);
  pv_exporter_set_force (exporter, cli->force);
  g_signal_connect (exporter, "progress", G_CALLBACK (on_progress), cli);

  pv_exporter_run_async (exporter, cli->cancellable, export_done, cli);
  g_main_loop_run (cli->loop);
  g_source_remove (sigint_id);

  if (!cli->ok)
    {
      status = fail (cli, cli->error);
      return status;
    }

  if (!cli->quiet)
    {
      g_autofree char *name = g_file_get_parse_name (output);

      if (cli->tty)
        fprintf (stderr, "\n");
      guint done = pv_exporter_get_frames_done (exporter);

      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u frame to %s",
                                    "Wrote %u frames to %s", done), done, name);
      fputc ('\n', stderr);
    }
  /* Even with --quiet: the output has less than was asked for. */
  if (pv_exporter_get_warning (exporter) != NULL)
    fprintf (stderr, "%s\n", pv_exporter_get_warning (exporter));
  return PV_EXPORT_CLI_OK;
}

int
pv_export_cli_run (int    argc,
                   char **argv)
{
  Cli cli = { 0, };
  int status;

  g_return_val_if_fail (argc >= 1, PV_EXPORT_CLI_FAILED);

  status = run (&cli, argc, argv);
  cli_clear (&cli);
  return status;
}
