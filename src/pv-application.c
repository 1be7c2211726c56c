/* pv-application.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-application.h"
#include "pv-window.h"

struct _PvApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (PvApplication, pv_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

PvApplication *
pv_application_new (void)
{
  return g_object_new (PV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
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
pv_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", pv_application_about },
  { "quit", pv_application_quit },
};

static void
pv_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (pv_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
pv_application_class_init (PvApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = pv_application_activate;
  app_class->startup = pv_application_startup;
  app_class->handle_local_options = pv_application_handle_local_options;
}

static void
pv_application_init (PvApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
}
