/* pv-application.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-application"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pv-application.h"
#include "pv-preferences.h"
#include "pv-window.h"

struct _PvApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PvApplication, pv_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "job-id", 'j', 0, G_OPTION_ARG_STRING, NULL, N_("Fetch the detections of this GetPersonTracking job"), N_("ID") },
  { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Use this endpoint instead of AWS’s"), N_("URL") },
  { "region", 0, 0, G_OPTION_ARG_STRING, NULL, N_("AWS region of the job"), N_("REGION") },
  { "profile", 0, 0, G_OPTION_ARG_STRING, NULL, N_("AWS profile for the credentials"), N_("PROFILE") },
  { "results", 'r', 0, G_OPTION_ARG_FILENAME, NULL, N_("Read the detections from this file"), N_("FILE") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
  { NULL }
};

PvApplication *
pv_application_new (void)
{
  return g_object_new (PV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/pathview/Pathview",
                       NULL);
}

static int
pv_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("pathview %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  return G_APPLICATION_CLASS (pv_application_parent_class)->handle_local_options (app, options);
}

static void
pv_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (pv_window_new (PV_APPLICATION (app)));

  gtk_window_present (window);
}

/* Runs in the primary instance: a second `pathview --results x.json video.mp4` opens a window
 * here, with paths resolved against the caller's working directory. */
static int
pv_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *job_id = NULL;
  g_autofree char *endpoint_url = NULL;
  g_autofree char *region = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *results = NULL;
  g_autofree const char **remaining = NULL;
  g_autoptr(GFile) video = NULL;
  g_autoptr(GFile) results_file = NULL;
  PvOpenRequest request = { 0 };
  PvWindow *window;

  g_variant_dict_lookup (options, "job-id", "s", &job_id);
  g_variant_dict_lookup (options, "endpoint-url", "s", &endpoint_url);
  g_variant_dict_lookup (options, "region", "s", &region);
  g_variant_dict_lookup (options, "profile", "s", &profile);
  g_variant_dict_lookup (options, "results", "^ay", &results);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &remaining);

  if (remaining != NULL && remaining[0] != NULL && remaining[1] != NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", _("Give at most one video."));
      return EXIT_FAILURE;
    }
  if (job_id != NULL && results != NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Give either --job-id or --results, not both."));
      return EXIT_FAILURE;
    }

  if (remaining != NULL && remaining[0] != NULL)
    video = g_application_command_line_create_file_for_arg (command_line, remaining[0]);
  if (results != NULL)
    results_file = g_application_command_line_create_file_for_arg (command_line, results);

  window = pv_window_new (PV_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));

  request.video = video;
  request.results = results_file;
  request.job_id = job_id;
  request.endpoint_url = endpoint_url;
  request.region = region;
  request.profile = profile;
  if (video != NULL || results_file != NULL || job_id != NULL)
    pv_window_open (window, &request);

  return EXIT_SUCCESS;
}

static void
pv_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PvApplication *self = user_data;
  static const char *developers[] = { "The Pathview authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Pathview"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Pathview authors"),
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Person paths from Amazon Rekognition Video, drawn over the video"),
                         NULL);
}

static void
pv_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  PvApplication *self = user_data;
  GtkWindow *preferences = pv_preferences_new (gtk_application_get_active_window (GTK_APPLICATION (self)));

  gtk_window_present (preferences);
}

static void
pv_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", pv_application_about },
  { "preferences", pv_application_preferences },
  { "quit", pv_application_quit },
};

/* With software OpenGL (Mesa's llvmpipe, as under Xvfb, in most VMs and on remote desktops)
 * GTK's GL renderer is the slowest choice: the CPU runs a GL emulation for every frame. Cairo
 * draws the same nodes directly; with a 1080p30 video it shows every frame where llvmpipe shows
 * about half (tools/bench-viewer). GTK picks the renderer once, at the first window, from
 * GSK_RENDERER, so decide before any window exists. A GSK_RENDERER set by the user always wins,
 * and a real GPU keeps the GL renderer. */
static void
pick_renderer (void)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return;
  context = gdk_display_create_gl_context (display, NULL);
  /* No OpenGL at all: GTK falls back to Cairo by itself. */
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      {
        g_debug ("OpenGL is %s, in software: drawing with Cairo", renderer);
        g_setenv ("GSK_RENDERER", "cairo", TRUE);
        break;
      }
  gdk_gl_context_clear_current ();
}

static void
pv_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (pv_application_parent_class)->startup (app);

  pick_renderer ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
}

static void
pv_application_class_init (PvApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = pv_application_activate;
  app_class->startup = pv_application_startup;
  app_class->command_line = pv_application_command_line;
  app_class->handle_local_options = pv_application_handle_local_options;
}

static void
pv_application_init (PvApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[VIDEO]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Show person paths from Amazon Rekognition Video over the video."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Annotated frames and videos without a window: pathview export --help"));
}
