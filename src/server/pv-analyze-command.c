/* pv-analyze-command.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-analyze-command"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "pv-analyze-command.h"
#include "pv-analyzer.h"

typedef struct
{
  gboolean tty;
  gint64   started;
} Progress;

static void
show_progress (double   fraction,
               gpointer user_data)
{
  Progress *p = user_data;
  const int width = 40;
  int filled = (int) (fraction * width + 0.5);
  double elapsed = (g_get_monotonic_time () - p->started) / (double) G_USEC_PER_SEC;
  char bar[64];

  if (!p->tty)
    return;
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[width] = '\0';
  fprintf (stderr, "\r[%s] %3d%%  %.1f s", bar, (int) (fraction * 100 + 0.5), elapsed);
  fflush (stderr);
}

int
pv_analyze_command_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GFile) video = NULL;
  g_autofree char *output = NULL;
  g_autofree char *detector = NULL;
  g_autofree char *detections = NULL;
  g_autofree char *text = NULL;
  double sample_rate = 5.0;
  double upscale = 0.0;
  int threads = 0;
  gboolean no_faces = FALSE;
  PvAnalyzerOptions options;
  Progress progress = { isatty (STDERR_FILENO), g_get_monotonic_time () };
  gsize length;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the GetPersonTracking result (merged JSON) to FILE", "FILE" },
    { "sample-rate", 0, 0, G_OPTION_ARG_DOUBLE, &sample_rate,
      "Frames to analyse per second of video (default 5)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      "Detection threads (default: number of cores)", "N" },
    { "detector", 0, 0, G_OPTION_ARG_STRING, &detector,
      "Person detector: hog (default) or cascade", "KIND" },
    { "upscale", 0, 0, G_OPTION_ARG_DOUBLE, &upscale,
      "Scale frames by this before detection (default 1.3)", "F" },
    { "no-faces", 0, 0, G_OPTION_ARG_NONE, &no_faces,
      "Do not look for faces", NULL },
    { "detections", 0, 0, G_OPTION_ARG_FILENAME, &detections,
      "Also write the raw detections, before tracking, as MOT text to FILE", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("VIDEO - find and track people in a video");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("pathview-server analyze: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || output == NULL)
    {
      g_printerr ("usage: pathview-server analyze VIDEO --output FILE [--sample-rate N]\n");
      return 2;
    }

  pv_analyzer_options_init (&options);
  options.sample_rate = sample_rate;
  options.n_threads = threads > 0 ? (guint) threads : 0;
  options.faces = !no_faces;
  options.detections_path = detections;
  if (upscale > 0)
    options.detector.upscale = upscale;
  if (detector != NULL && !pv_detector_kind_from_string (detector, &options.detector.kind))
    {
      g_printerr ("pathview-server analyze: unknown detector “%s” (hog or cascade)\n", detector);
      return 2;
    }

  video = g_file_new_for_commandline_arg (argv[1]);
  response = pv_analyzer_run (video, &options, show_progress, &progress, NULL, &error);
  if (progress.tty)
    fprintf (stderr, "\n");
  if (response == NULL)
    {
      g_printerr ("pathview-server analyze: %s\n", error->message);
      return 1;
    }

  text = pv_analyzer_to_json (response, &length);
  if (!g_file_set_contents (output, text, (gssize) length, &error))
    {
      g_printerr ("pathview-server analyze: %s\n", error->message);
      return 1;
    }

  g_print ("%s: %u person detections, %.1f s\n", output,
           json_array_get_length (json_object_get_array_member (response, "Persons")),
           (g_get_monotonic_time () - progress.started) / (double) G_USEC_PER_SEC);
  return 0;
}
