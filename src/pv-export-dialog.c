/* pv-export-dialog.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-export-dialog.h"
#include "pv-exporter.h"

enum { WHAT_CURRENT_FRAME, WHAT_PNGS, WHAT_MP4, WHAT_WEBM };

struct _PvExportDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *export_button;
  AdwComboRow     *format_row;
  GtkWidget       *range_group;
  GtkAdjustment   *from_adjustment;
  GtkAdjustment   *to_adjustment;
  GtkWidget       *every_row;
  GtkSpinButton   *every_spin;
  GtkWidget       *detections_row;
  GtkSwitch       *detections_only;
  GtkWidget       *progress_group;
  GtkProgressBar  *progress_bar;

  /* Owned */
  PvPlayer        *player;
  PvTimeline      *timeline;
  PvOverlayStyle   style;
  PvExporter      *exporter;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;
  GFile           *output;
};

G_DEFINE_FINAL_TYPE (PvExportDialog, pv_export_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
toast (PvExportDialog *self,
       const char     *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The export draws from a streaming thread: it gets its own timeline, a copy of what the screen
 * shows now, so that changing the filter meanwhile changes neither. */
static PvTimeline *
copy_timeline (PvTimeline *timeline)
{
  PvTimeline *copy = pv_timeline_new (pv_timeline_get_result (timeline));
  PvIndexFilter *from_filter = pv_timeline_get_filter (timeline);
  PvIndexFilter *to_filter = pv_timeline_get_filter (copy);
  g_autofree char *filter_text = pv_index_filter_to_text (from_filter);

  if (filter_text != NULL && filter_text[0] != '\0')
    pv_index_filter_set_from_text (to_filter, filter_text, NULL);
  pv_index_filter_set_mode (to_filter, pv_index_filter_get_mode (from_filter));
  pv_timeline_set_interpolate (copy, pv_timeline_get_interpolate (timeline));
  pv_timeline_set_confidence_threshold (copy, pv_timeline_get_confidence_threshold (timeline));
  pv_timeline_set_tolerance_ms (copy, pv_timeline_get_tolerance_ms (timeline));
  return copy;
}

/**
 * pv_export_current_frame_new:
 * @output: a file whose name ends in ".png"; it is replaced
 *
 * The export of the frame on screen: decoded again from the file at the video's own displayed
 * size (the frame on screen may be scaled down to the window), with the overlay drawn by the same
 * code as every other export. Run it with pv_exporter_run_async().
 *
 * Returns: (transfer full): the exporter
 */
PvExporter *
pv_export_current_frame_new (PvPlayer             *player,
                             PvTimeline           *timeline,
                             const PvOverlayStyle *style,
                             GFile                *output)
{
  PvExporter *exporter;
  gint64 pts;

  g_return_val_if_fail (PV_IS_PLAYER (player), NULL);
  g_return_val_if_fail (timeline == NULL || PV_IS_TIMELINE (timeline), NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  /* The range starts and ends at the frame's own PTS, so the exporter's first frame is it. */
  pts = pv_player_get_frame_pts (player);
  exporter = pv_exporter_new (pv_player_get_file (player), output, PV_EXPORT_FORMAT_PNG);
  pv_exporter_set_force (exporter, TRUE);
  pv_exporter_set_range (exporter, pts, pts);
  if (timeline != NULL)
    {
      g_autoptr(PvTimeline) copy = copy_timeline (timeline);

      pv_exporter_set_overlay (exporter, copy, style, PV_EXPORT_OVERLAY_ALIGN_TIMELINE);
    }
  return exporter;
}

static guint
what (PvExportDialog *self)
{
  return adw_combo_row_get_selected (self->format_row);
}

static void
update_rows (PvExportDialog *self)
{
  guint w = what (self);
  gboolean running = self->exporter != NULL;

  gtk_widget_set_visible (self->range_group, w != WHAT_CURRENT_FRAME);
  gtk_widget_set_visible (self->every_row, w == WHAT_PNGS);
  gtk_widget_set_visible (self->detections_row, w == WHAT_PNGS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !running);
  gtk_widget_set_sensitive (self->range_group, !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", !running);
}

static void
on_progress (PvExporter     *exporter,
             guint           done,
             guint           total,
             double          eta,
             PvExportDialog *self)
{
  g_autofree char *text = NULL;

  if (total > 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / total));
      if (eta >= 0)
        /* Translators: export progress: frames done, frames in all, seconds left */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u frame · %.0f s left",
                                             "%u of %u frames · %.0f s left", total),
                                done, total, eta);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u frame", "%u of %u frames", total),
                                done, total);
    }
  else
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u frame", "%u frames", done), done);
    }
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PvExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  PvExporter *exporter = PV_EXPORTER (object);

  pv_exporter_run_finish (exporter, result, &error);
  if (self->exporter == exporter)
    g_clear_object (&self->exporter);
  gtk_widget_set_visible (self->progress_group, FALSE);
  update_rows (self);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The message names the file and the reason, and says what became of the partial
           * output: too much for a one-line toast. */
          AdwMessageDialog *failed;

          failed = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"),
                                                               error->message));
          adw_message_dialog_add_response (failed, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (failed));
        }
      else
        toast (self, _("Export cancelled"));
      return;
    }

  /* Done, but with less than was asked for: say so over the main window, as this one closes. */
  if (pv_exporter_get_warning (exporter) != NULL)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      AdwMessageDialog *warning;

      warning = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("The Export Is Incomplete"),
                                                            pv_exporter_get_warning (exporter)));
      adw_message_dialog_add_response (warning, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (warning));
    }
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, self->output);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
run_export (PvExportDialog *self,
            gboolean        force)
{
  PvExportFormat format;
  PvExportOverlayFlags flags = PV_EXPORT_OVERLAY_ALIGN_TIMELINE;
  GFile *video = pv_player_get_file (self->player);
  gint64 first = pv_player_get_first_pts (self->player);
  guint w = what (self);

  g_clear_object (&self->exporter);
  if (w == WHAT_CURRENT_FRAME)
    {
      self->exporter = pv_export_current_frame_new (self->player, self->timeline, &self->style,
                                                    self->output);
      pv_exporter_set_force (self->exporter, force);
    }
  else
    {
      format = w == WHAT_PNGS ? PV_EXPORT_FORMAT_PNG
             : w == WHAT_MP4 ? PV_EXPORT_FORMAT_MP4 : PV_EXPORT_FORMAT_WEBM;
      self->exporter = pv_exporter_new (video, self->output, format);
      pv_exporter_set_force (self->exporter, force);
      pv_exporter_set_range (self->exporter,
                             first + (gint64) (gtk_adjustment_get_value (self->from_adjustment) * G_USEC_PER_SEC),
                             first + (gint64) (gtk_adjustment_get_value (self->to_adjustment) * G_USEC_PER_SEC));
      if (w == WHAT_PNGS)
        {
          pv_exporter_set_every (self->exporter, gtk_spin_button_get_value_as_int (self->every_spin));
          if (gtk_switch_get_active (self->detections_only))
            flags |= PV_EXPORT_OVERLAY_DETECTIONS_ONLY;
        }
      if (self->timeline != NULL)
        {
          g_autoptr(PvTimeline) timeline = copy_timeline (self->timeline);

          pv_exporter_set_overlay (self->exporter, timeline, &self->style, flags);
        }
    }

  g_signal_connect_object (self->exporter, "progress", G_CALLBACK (on_progress), self, 0);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_widget_set_visible (self->progress_group, TRUE);
  update_rows (self);
  pv_exporter_run_async (self->exporter, self->cancellable, export_done, g_object_ref (self));
}

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     PvExportDialog   *self)
{
  if (g_strcmp0 (response, "replace") == 0)
    run_export (self, TRUE);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     PvExportDialog  *self)
{
  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  g_clear_object (&self->output);
  self->output = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (what (self) == WHAT_CURRENT_FRAME)
    {
      g_autofree char *name = g_file_get_basename (self->output);
      g_autofree char *lower = g_ascii_strdown (name, -1);

      /* The file chooser has asked about replacing the file it named. A name without ".png"
       * gets it, and that is a file the chooser did not ask about: ask below. */
      if (g_str_has_suffix (lower, ".png"))
        {
          run_export (self, TRUE);
          goto out;
        }
      else
        {
          g_autofree char *png = g_strconcat (name, ".png", NULL);
          g_autoptr(GFile) parent = g_file_get_parent (self->output);
          GFile *with_suffix = parent != NULL ? g_file_get_child (parent, png)
                                              : g_file_new_for_path (png);

          g_set_object (&self->output, with_suffix);
          g_object_unref (with_suffix);
        }
    }

  /* A folder of PNGs is not a file the chooser asks about: ask here, never overwrite silently. */
  if (g_file_query_exists (self->output, NULL))
    {
      g_autofree char *name = g_file_get_basename (self->output);
      AdwMessageDialog *confirm;

      confirm = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Existing Output?"), NULL));
      adw_message_dialog_format_body (confirm, _("“%s” already exists. Replacing it loses what is in it."), name);
      adw_message_dialog_add_responses (confirm, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
      adw_message_dialog_set_response_appearance (confirm, "replace", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (confirm, "cancel");
      adw_message_dialog_set_close_response (confirm, "cancel");
      g_signal_connect_object (confirm, "response", G_CALLBACK (on_replace_response), self, 0);
      gtk_window_present (GTK_WINDOW (confirm));
      goto out;
    }
  run_export (self, FALSE);

out:
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PvExportDialog *self = PV_EXPORT_DIALOG (widget);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GFile *video = pv_player_get_file (self->player);
  GtkFileChooserNative *chooser;
  char *dot;
  guint w = what (self);

  base = video != NULL ? g_file_get_basename (video) : g_strdup ("video");
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';

  switch (w)
    {
    case WHAT_CURRENT_FRAME:
      name = g_strdup_printf ("%s-%" G_GINT64_FORMAT "ms.png", base,
                              (pv_player_get_frame_pts (self->player) - pv_player_get_first_pts (self->player)) / 1000);
      break;
    case WHAT_PNGS:
      name = g_strdup_printf ("%s-frames", base);
      break;
    case WHAT_MP4:
      name = g_strdup_printf ("%s-annotated.mp4", base);
      break;
    case WHAT_WEBM:
    default:
      name = g_strdup_printf ("%s-annotated.webm", base);
      break;
    }

  chooser = gtk_file_chooser_native_new (_("Export To"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (video != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (video);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PvExportDialog *self = PV_EXPORT_DIALOG (widget);

  /* First press stops a running export (which removes its partial output); then it closes. */
  if (self->exporter != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
pv_export_dialog_close_request (GtkWindow *window)
{
  PvExportDialog *self = PV_EXPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pv_export_dialog_parent_class)->close_request (window);
}

static void
pv_export_dialog_dispose (GObject *object)
{
  PvExportDialog *self = PV_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->exporter);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->player);
  g_clear_object (&self->timeline);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (pv_export_dialog_parent_class)->dispose (object);
}

static void
pv_export_dialog_class_init (PvExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pv_export_dialog_dispose;
  window_class->close_request = pv_export_dialog_close_request;

  signals[SIGNAL_EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pathview/Pathview/pv-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, range_group);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, from_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, to_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, every_row);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, every_spin);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, detections_row);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, detections_only);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, PvExportDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
pv_export_dialog_init (PvExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pv_overlay_style_init (&self->style);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (update_rows), self);
}

PvExportDialog *
pv_export_dialog_new (GtkWindow            *parent,
                      PvPlayer             *player,
                      PvTimeline           *timeline,
                      const PvOverlayStyle *style)
{
  PvExportDialog *self;
  double duration_s;

  g_return_val_if_fail (PV_IS_PLAYER (player), NULL);
  g_return_val_if_fail (timeline == NULL || PV_IS_TIMELINE (timeline), NULL);
  g_return_val_if_fail (style != NULL, NULL);

  self = g_object_new (PV_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->player = g_object_ref (player);
  self->timeline = timeline ? g_object_ref (timeline) : NULL;
  self->style = *style;

  duration_s = pv_player_get_duration (player) / (double) G_USEC_PER_SEC;
  gtk_adjustment_configure (self->from_adjustment, 0, 0, duration_s, 1, 10, 0);
  gtk_adjustment_configure (self->to_adjustment, duration_s, 0, duration_s, 1, 10, 0);
  update_rows (self);
  return self;
}
