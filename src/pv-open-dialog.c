/* pv-open-dialog.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-open-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-open-dialog.h"

enum { SOURCE_FILE, SOURCE_JOB };
enum { ENDPOINT_AWS, ENDPOINT_CUSTOM };

struct _PvOpenDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  AdwActionRow *video_row;
  AdwComboRow  *source_row;
  AdwActionRow *results_row;
  AdwEntryRow  *job_id_row;
  GtkMenuButton *recent_button;
  AdwComboRow  *endpoint_source_row;
  AdwEntryRow  *profile_row;
  AdwEntryRow  *region_row;
  AdwEntryRow  *endpoint_row;

  /* Owned */
  GSettings    *settings;
  GFile        *video;
  GFile        *results;
  GtkNativeDialog *chooser;
  char         *job_id;
  char         *profile;
  char         *region;
  char         *endpoint_url;
};

G_DEFINE_FINAL_TYPE (PvOpenDialog, pv_open_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_OPEN, N_SIGNALS };
static guint signals[N_SIGNALS];

PvOpenDialog *
pv_open_dialog_new (GtkWindow *parent)
{
  return g_object_new (PV_TYPE_OPEN_DIALOG, "transient-for", parent, NULL);
}

static char *
text_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_state (PvOpenDialog *self)
{
  gboolean job = adw_combo_row_get_selected (self->source_row) == SOURCE_JOB;
  gboolean custom = adw_combo_row_get_selected (self->endpoint_source_row) == ENDPOINT_CUSTOM;
  g_autofree char *job_id = text_or_null (self->job_id_row);
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (self->results_row), !job);
  gtk_widget_set_visible (GTK_WIDGET (self->job_id_row), job);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_source_row), job);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_row), job && !custom);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), job);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row), job && custom);

  ready = self->video != NULL || (job ? job_id != NULL : self->results != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.open", ready);
}

void
pv_open_dialog_set_video (PvOpenDialog *self,
                          GFile        *video)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PV_IS_OPEN_DIALOG (self));

  g_set_object (&self->video, video);
  name = video ? g_file_get_basename (video) : NULL;
  adw_action_row_set_subtitle (self->video_row, name ? name : _("None chosen"));
  update_state (self);
}

void
pv_open_dialog_set_results (PvOpenDialog *self,
                            GFile        *results)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PV_IS_OPEN_DIALOG (self));

  g_set_object (&self->results, results);
  name = results ? g_file_get_basename (results) : NULL;
  if (name != NULL)
    adw_action_row_set_subtitle (self->results_row, name);
  adw_combo_row_set_selected (self->source_row, SOURCE_FILE);
  update_state (self);
}

/* Fills request with what the dialog holds; the pointers stay valid while the dialog lives. */
void
pv_open_dialog_get_request (PvOpenDialog  *self,
                            PvOpenRequest *request)
{
  gboolean job, custom;

  g_return_if_fail (PV_IS_OPEN_DIALOG (self));
  g_return_if_fail (request != NULL);

  job = adw_combo_row_get_selected (self->source_row) == SOURCE_JOB;
  custom = adw_combo_row_get_selected (self->endpoint_source_row) == ENDPOINT_CUSTOM;

  g_clear_pointer (&self->job_id, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);
  if (job)
    {
      self->job_id = text_or_null (self->job_id_row);
      self->region = text_or_null (self->region_row);
      if (custom)
        self->endpoint_url = text_or_null (self->endpoint_row);
      else
        self->profile = text_or_null (self->profile_row);
    }

  *request = (PvOpenRequest) {
    .video = self->video,
    .results = job ? NULL : self->results,
    .job_id = self->job_id,
    .endpoint_url = self->endpoint_url,
    .region = self->region,
    .profile = self->profile,
  };
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     PvOpenDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (g_object_get_data (G_OBJECT (chooser), "video") != NULL)
        pv_open_dialog_set_video (self, file);
      else
        pv_open_dialog_set_results (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_file (PvOpenDialog *self,
             gboolean      video)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (video ? _("Choose a Video") : _("Choose a Result File"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  if (video)
    {
      gtk_file_filter_set_name (filter, _("Videos"));
      gtk_file_filter_add_mime_type (filter, "video/*");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Results (JSON, MOT text)"));
      gtk_file_filter_add_mime_type (filter, "application/json");
      gtk_file_filter_add_mime_type (filter, "text/plain");
      gtk_file_filter_add_suffix (filter, "json");
      gtk_file_filter_add_suffix (filter, "txt");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (video)
    g_object_set_data (G_OBJECT (chooser), "video", GINT_TO_POINTER (1));

  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_video_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_file (PV_OPEN_DIALOG (widget), TRUE);
}

static void
choose_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  choose_file (PV_OPEN_DIALOG (widget), FALSE);
}

static void
use_recent_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PvOpenDialog *self = PV_OPEN_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->job_id_row), g_variant_get_string (parameter, NULL));
  adw_combo_row_set_selected (self->source_row, SOURCE_JOB);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PvOpenDialog *self = PV_OPEN_DIALOG (widget);
  gboolean job = adw_combo_row_get_selected (self->source_row) == SOURCE_JOB;
  gboolean custom = adw_combo_row_get_selected (self->endpoint_source_row) == ENDPOINT_CUSTOM;
  g_autofree char *profile = text_or_null (self->profile_row);
  g_autofree char *region = text_or_null (self->region_row);
  g_autofree char *endpoint = text_or_null (self->endpoint_row);

  /* What was typed here is what the next dialog starts with. */
  if (job)
    {
      g_settings_set_string (self->settings, "aws-profile", profile ? profile : "");
      g_settings_set_string (self->settings, "aws-region", region ? region : "");
      g_settings_set_string (self->settings, "endpoint-url", custom && endpoint ? endpoint : "");
    }

  g_signal_emit (self, signals[SIGNAL_OPEN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pv_open_dialog_dispose (GObject *object)
{
  PvOpenDialog *self = PV_OPEN_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_OPEN_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->video);
  g_clear_object (&self->results);
  g_clear_pointer (&self->job_id, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);

  G_OBJECT_CLASS (pv_open_dialog_parent_class)->dispose (object);
}

static void
pv_open_dialog_class_init (PvOpenDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_open_dialog_dispose;

  signals[SIGNAL_OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pathview/Pathview/pv-open-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, video_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, results_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, job_id_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, recent_button);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, endpoint_source_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, PvOpenDialog, endpoint_row);

  gtk_widget_class_install_action (widget_class, "dialog.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-video", NULL, choose_video_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-results", NULL, choose_results_action);
  gtk_widget_class_install_action (widget_class, "dialog.use-recent", "s", use_recent_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pv_open_dialog_init (PvOpenDialog *self)
{
  g_autoptr(GMenu) recent_menu = g_menu_new ();
  g_auto(GStrv) recent = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  recent = g_settings_get_strv (self->settings, "recent-jobs");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (recent[i], NULL);

      g_menu_item_set_action_and_target_value (item, "dialog.use-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (recent_menu, item);
    }
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (recent_menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), recent[0] != NULL);

  profile = g_settings_get_string (self->settings, "aws-profile");
  region = g_settings_get_string (self->settings, "aws-region");
  endpoint = g_settings_get_string (self->settings, "endpoint-url");
  gtk_editable_set_text (GTK_EDITABLE (self->profile_row), profile);
  gtk_editable_set_text (GTK_EDITABLE (self->region_row), region);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  adw_combo_row_set_selected (self->endpoint_source_row, endpoint[0] ? ENDPOINT_CUSTOM : ENDPOINT_AWS);

  g_signal_connect_swapped (self->source_row, "notify::selected", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->endpoint_source_row, "notify::selected", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->job_id_row, "changed", G_CALLBACK (update_state), self);
  update_state (self);
}
