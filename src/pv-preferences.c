/* pv-preferences.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-preferences.h"
#include "pv-secrets.h"

struct _PvPreferences
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSwitch     *show_boxes;
  GtkSwitch     *show_labels;
  GtkSwitch     *show_faces;
  GtkSwitch     *show_landmarks;
  GtkSpinButton *trail_seconds;
  GtkSwitch     *interpolate;
  GtkSpinButton *confidence_threshold;
  AdwEntryRow   *profile_row;
  AdwEntryRow   *region_row;
  AdwEntryRow   *endpoint_row;
  AdwEntryRow   *access_key_row;
  AdwEntryRow   *secret_key_row;

  /* Owned */
  GSettings     *settings;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (PvPreferences, pv_preferences, ADW_TYPE_PREFERENCES_WINDOW)

GtkWindow *
pv_preferences_new (GtkWindow *parent)
{
  return g_object_new (PV_TYPE_PREFERENCES, "transient-for", parent, NULL);
}

static void
on_keys_apply (PvPreferences *self)
{
  g_autoptr(GError) error = NULL;

  if (!pv_secrets_store (gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)),
                         gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the access keys: %s"), error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Access keys saved in the keyring")));
}

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PvPreferences) self = user_data;
  g_autoptr(PvSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;

  secrets = pv_secrets_load_finish (result, &error);
  if (secrets == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No keyring: %s", error->message);
      return;
    }
  if (secrets->access_key_id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->access_key_row), secrets->access_key_id);
  if (secrets->secret_access_key != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), secrets->secret_access_key);
}

static void
pv_preferences_dispose (GObject *object)
{
  PvPreferences *self = PV_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_PREFERENCES);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pv_preferences_parent_class)->dispose (object);
}

static void
pv_preferences_class_init (PvPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pathview/Pathview/pv-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, show_boxes);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, show_labels);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, show_faces);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, show_landmarks);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, trail_seconds);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, interpolate);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, confidence_threshold);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, profile_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, region_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferences, secret_key_row);
}

static void
pv_preferences_init (PvPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  g_settings_bind (self->settings, "show-boxes", self->show_boxes, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-labels", self->show_labels, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-faces", self->show_faces, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-landmarks", self->show_landmarks, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "interpolate", self->interpolate, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "trail-seconds", gtk_spin_button_get_adjustment (self->trail_seconds),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "confidence-threshold",
                   gtk_spin_button_get_adjustment (self->confidence_threshold), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "aws-profile", self->profile_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "aws-region", self->region_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "endpoint-url", self->endpoint_row, "text", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_swapped (self->access_key_row, "apply", G_CALLBACK (on_keys_apply), self);
  g_signal_connect_swapped (self->secret_key_row, "apply", G_CALLBACK (on_keys_apply), self);
  pv_secrets_load_async (self->cancellable, secrets_loaded_cb, g_object_ref (self));
}
