/* pv-window.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-window.h"

struct _PvWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwStatusPage   *empty_page;

  /* Owned */
  GSettings       *settings;
};

G_DEFINE_FINAL_TYPE (PvWindow, pv_window, ADW_TYPE_APPLICATION_WINDOW)

PvWindow *
pv_window_new (PvApplication *application)
{
  g_return_val_if_fail (PV_IS_APPLICATION (application), NULL);

  return g_object_new (PV_TYPE_WINDOW, "application", application, NULL);
}

static void
pv_window_dispose (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pv_window_parent_class)->dispose (object);
}

static void
pv_window_class_init (PvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pathview/Pathview/pv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, empty_page);
}

static void
pv_window_init (PvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The window remembers its size so that a long review session picks up where it left off. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}
