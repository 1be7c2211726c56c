/* pv-window.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pv-aws-config.h"
#include "pv-client.h"
#include "pv-export-dialog.h"
#include "pv-open-dialog.h"
#include "pv-person-list.h"
#include "pv-result.h"
#include "pv-secrets.h"
#include "pv-timeline-view.h"
#include "pv-video-view.h"
#include "pv-window.h"

#define MAX_RECENT_JOBS 10

struct _PvWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *warnings_button;
  GtkWidget       *sidebar_button;
  GtkRevealer     *progress_revealer;
  GtkSpinner      *progress_spinner;
  GtkLabel        *progress_label;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  AdwFlap         *flap;
  PvPersonList    *person_list;
  GtkStack        *video_stack;
  PvVideoView     *video_view;
  AdwStatusPage   *video_error_page;
  GtkButton       *locate_button;
  GtkButton       *play_button;
  GtkLabel        *status_label;
  PvTimelineView  *timeline_view;

  /* Owned */
  GSettings       *settings;
  PvPlayer        *player;
  PvResult        *result;
  PvTimeline      *timeline;
  PvClient        *client;
  GCancellable    *cancellable;     /* the current fetch or load; cancelled on close */
  GFile           *pending_results; /* read once the video is loaded: MOT needs its size and rate */
  char            *results_name;
  GtkNativeDialog *locate_chooser;  /* "Locate Video…", while it is open */
};

G_DEFINE_FINAL_TYPE (PvWindow, pv_window, ADW_TYPE_APPLICATION_WINDOW)

PvWindow *
pv_window_new (PvApplication *application)
{
  g_return_val_if_fail (PV_IS_APPLICATION (application), NULL);

  return g_object_new (PV_TYPE_WINDOW, "application", application, NULL);
}

PvPlayer *
pv_window_get_player (PvWindow *self)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);

  return self->player;
}

PvTimeline *
pv_window_get_timeline (PvWindow *self)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);

  return self->timeline;
}

GtkWidget *
pv_window_get_video_view (PvWindow *self)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->video_view);
}

/* A toast is one line: it says what happened, and its button shows the whole message, which
 * names the file and the reason and would be cut off in the toast. */
static void
show_toast_with_details (PvWindow   *self,
                         const char *title,
                         const char *details)
{
  AdwToast *toast = adw_toast_new (title);

  g_message ("%s: %s", title, details);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new ("(ss)", title, details));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (PvWindow     *self,
            const char   *what,
            const GError *error)
{
  show_toast_with_details (self, what, error->message);
}

/* Time shown to people is from the first frame, as the data's Timestamps are. */
static char *
format_time (gint64 us)
{
  gint64 ms = MAX (us, 0) / 1000;

  return g_strdup_printf ("%02d:%02d.%03d", (int) (ms / 60000), (int) (ms / 1000 % 60), (int) (ms % 1000));
}

static void
update_status (PvWindow *self)
{
  g_autofree char *time = NULL;
  g_autofree char *frame_text = NULL;
  g_autofree char *text = NULL;
  gint64 pts, first, frame_duration;
  gint64 frame = 0;

  if (self->player == NULL || !pv_player_get_loaded (self->player))
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }

  pts = pv_player_get_frame_pts (self->player);
  first = pv_player_get_first_pts (self->player);
  frame_duration = pv_player_get_frame_duration (self->player);
  if (frame_duration > 0)
    frame = (pts - first + frame_duration / 2) / frame_duration;
  time = format_time (pts - first);
  frame_text = g_strdup_printf ("%" G_GINT64_FORMAT, frame);

  if (self->timeline != NULL)
    {
      g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));

      pv_timeline_visible_at (self->timeline, pts, visible);
      /* Translators: the status line under the video: time, frame number, people on screen */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · Frame %s · %u person visible",
                                           "%s · Frame %s · %u people visible", visible->len),
                              time, frame_text, visible->len);
    }
  else
    /* Translators: the status line under the video: time and frame number */
    text = g_strdup_printf (_("%s · Frame %s"), time, frame_text);

  gtk_label_set_text (self->status_label, text);
}

static void
update_play_button (PvWindow *self)
{
  gboolean playing = self->player != NULL &&
                     pv_player_get_state (self->player) == PV_PLAYER_STATE_PLAYING;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
}

static void
update_actions (PvWindow *self)
{
  gboolean loaded = self->player != NULL && pv_player_get_loaded (self->player);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.toggle-play", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.step", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.seek-relative", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.seek-start", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "player.seek-end", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-warnings", self->result != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-fetch",
                                 gtk_revealer_get_reveal_child (self->progress_revealer));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-sidebar",
                                 g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                            "viewer") == 0);
}

static void
set_progress (PvWindow   *self,
              const char *text)
{
  gtk_revealer_set_reveal_child (self->progress_revealer, text != NULL);
  gtk_spinner_set_spinning (self->progress_spinner, text != NULL);
  gtk_label_set_text (self->progress_label, text ? text : "");
  if (text == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_label), NULL);
  update_actions (self);
}

static void
apply_time_offset (PvWindow *self)
{
  /* media time = the stream's first PTS + Timestamp: the first frame is Timestamp 0. */
  if (self->timeline != NULL && self->player != NULL && pv_player_get_loaded (self->player))
    pv_timeline_set_time_offset (self->timeline, pv_player_get_first_pts (self->player));
}

static void
check_result_against_video (PvWindow *self)
{
  if (self->result == NULL || self->player == NULL || !pv_player_get_loaded (self->player))
    return;

  pv_result_check_video (self->result,
                         pv_player_get_video_width (self->player),
                         pv_player_get_video_height (self->player),
                         pv_player_get_duration (self->player) / 1000,
                         pv_player_get_frame_rate (self->player));
}

/* The warnings button, and a toast with their number: after reading, and after checking the
 * results against another video. */
static void
show_warnings_count (PvWindow *self)
{
  GPtrArray *warnings;

  warnings = self->result != NULL ? pv_result_get_warnings (self->result) : NULL;
  gtk_widget_set_visible (self->warnings_button, warnings != NULL && warnings->len > 0);
  if (warnings != NULL && warnings->len > 0)
    {
      g_autofree char *message = NULL;
      AdwToast *toast;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The results have %u warning",
                                              "The results have %u warnings", warnings->len),
                                 warnings->len);
      toast = adw_toast_new (message);
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-warnings");
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
set_result (PvWindow *self,
            PvResult *result)
{
  g_set_object (&self->result, result);
  g_clear_object (&self->timeline);

  if (result != NULL)
    {
      check_result_against_video (self);
      self->timeline = pv_timeline_new (result);
      g_settings_bind (self->settings, "interpolate", self->timeline, "interpolate", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "confidence-threshold", self->timeline, "confidence-threshold",
                       G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->timeline, "changed", G_CALLBACK (update_status), self,
                               G_CONNECT_SWAPPED);
      apply_time_offset (self);
    }

  pv_video_view_set_timeline (self->video_view, self->timeline);
  pv_timeline_view_set_timeline (self->timeline_view, self->timeline);
  pv_person_list_set_timeline (self->person_list, self->timeline);

  show_warnings_count (self);
  update_status (self);
  update_actions (self);
}

/* Reading a result file */

static void
load_results_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "file");
  const PvReadOptions *options = task_data;
  GError *error = NULL;
  PvResult *result;

  result = pv_result_load_file (file, options, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
load_results_cb (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(PvWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_progress (self, NULL);
  /* MOT text read while the video cannot be played: it means nothing without the video, which
   * the video area already asks for. It is read again once a video loads. */
  if (g_error_matches (error, PV_RESULT_ERROR, PV_RESULT_ERROR_NEEDS_VIDEO) &&
      self->player != NULL && pv_player_get_state (self->player) == PV_PLAYER_STATE_ERROR)
    {
      g_set_object (&self->pending_results, g_object_get_data (G_OBJECT (res), "file"));
      return;
    }
  if (result == NULL)
    {
      show_error (self, _("Could not read the results"), error);
      return;
    }
  set_result (self, result);
}

static void
load_results (PvWindow *self,
              GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *text = NULL;
  PvReadOptions *options = g_new0 (PvReadOptions, 1);

  /* MOT text counts frames and pixels: the video gives their meaning. */
  if (self->player != NULL && pv_player_get_loaded (self->player))
    {
      options->frame_rate = pv_player_get_frame_rate (self->player);
      options->frame_width = pv_player_get_video_width (self->player);
      options->frame_height = pv_player_get_video_height (self->player);
    }

  g_free (self->results_name);
  self->results_name = g_steal_pointer (&basename);

  task = g_task_new (NULL, self->cancellable, load_results_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_results);
  g_task_set_task_data (task, options, g_free);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_results_thread);

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Reading %s…"), self->results_name);
  set_progress (self, text);
}

/* Fetching a job */

static void
on_client_progress (PvClient *client,
                    guint     pages,
                    guint     persons,
                    PvWindow *self)
{
  g_autofree char *text = NULL;

  /* Translators: fetch progress, e.g. "page 12 · 11,403 persons"; %'u groups thousands */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetching results: page %u · %'u person",
                                       "Fetching results: page %u · %'u persons", persons),
                          pages, persons);
  set_progress (self, text);
}

/* A job that is still being analysed has no persons yet; saying "0 persons" would be a lie. */
static void
on_client_analysis_running (PvClient *client,
                            guint     polls,
                            guint     next_poll_ms,
                            PvWindow *self)
{
  g_autofree char *text = NULL;

  /* Translators: %u is a number of seconds until the next check */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Analysis still running; checking again in %u second",
                                       "Analysis still running; checking again in %u seconds",
                                       (next_poll_ms + 999) / 1000),
                          (next_poll_ms + 999) / 1000);
  set_progress (self, text);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(PvWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;
  PvClient *client = PV_CLIENT (object);

  result = pv_client_get_person_tracking_finish (client, res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, PV_CLIENT_ERROR, PV_CLIENT_ERROR_CANCELLED))
    {
      set_progress (self, NULL);
      return;
    }

  set_progress (self, NULL);
  if (result == NULL)
    {
      PvResult *partial = pv_client_get_partial_result (client, res);

      show_error (self, _("Could not fetch the results"), error);
      /* Keep what arrived: a partial result is still worth looking at. */
      if (partial != NULL)
        set_result (self, partial);
      return;
    }

  set_result (self, result);
}

static void
remember_job (PvWindow   *self,
              const char *job_id)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-jobs");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, job_id);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_JOBS; i++)
    if (g_strcmp0 (old[i], job_id) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-jobs", (const char * const *) recent);
}

static char *
settings_string_or_null (GSettings  *settings,
                         const char *key)
{
  char *value = g_settings_get_string (settings, key);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

typedef struct
{
  PvWindow *self;
  char     *job_id;
  char     *endpoint_url;
  char     *region;
  char     *profile;
} FetchRequest;

static void
fetch_request_free (FetchRequest *request)
{
  g_clear_object (&request->self);
  g_free (request->job_id);
  g_free (request->endpoint_url);
  g_free (request->region);
  g_free (request->profile);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchRequest, fetch_request_free)

/* Fetched once, read from disk ever after: the service may be gone, and so may the credentials. */
static gboolean
load_cached (PvWindow   *self,
             const char *endpoint_url,
             const char *job_id)
{
  g_autofree char *cache_path = NULL;
  g_autoptr(GFile) cached = NULL;

  if (endpoint_url == NULL)
    return FALSE;
  cache_path = pv_client_cache_path (endpoint_url, job_id);
  if (cache_path == NULL || !g_file_test (cache_path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  g_debug ("Job %s from the cache %s", job_id, cache_path);
  cached = g_file_new_for_path (cache_path);
  load_results (self, cached);
  return TRUE;
}

static void
fetch_with_keys (FetchRequest    *request,
                 const PvSecrets *secrets)
{
  PvWindow *self = request->self;
  g_autoptr(GError) error = NULL;
  PvClientOptions options = { 0 };
  PvFetchOptions fetch = { 0 };

  options.endpoint_url = request->endpoint_url;
  options.region = request->region;
  options.profile = request->profile;
  /* Keys saved in the preferences (the keyring) win over the environment and the AWS files. */
  if (secrets != NULL && secrets->access_key_id != NULL && secrets->secret_access_key != NULL)
    {
      options.access_key_id = secrets->access_key_id;
      options.secret_access_key = secrets->secret_access_key;
    }

  g_clear_object (&self->client);
  self->client = pv_client_new (&options, &error);
  if (self->client == NULL)
    {
      PvAwsConfigOptions config_options = {
        .endpoint_url = options.endpoint_url,
        .region = options.region,
        .profile = options.profile,
      };
      g_autofree char *endpoint = NULL;

      /* No credentials is no reason to refuse a job fetched before; the endpoint it was fetched
       * from may be one the AWS settings name. */
      endpoint = pv_aws_config_resolve_endpoint (&config_options, NULL);
      if (endpoint == NULL && request->endpoint_url != NULL)
        endpoint = g_strdup (request->endpoint_url);
      if (load_cached (self, endpoint, request->job_id))
        return;
      set_progress (self, NULL);
      show_error (self, _("Could not fetch the results"), error);
      return;
    }

  if (load_cached (self, pv_client_get_endpoint_url (self->client), request->job_id))
    return;

  g_signal_connect_object (self->client, "progress", G_CALLBACK (on_client_progress), self, 0);
  g_signal_connect_object (self->client, "analysis-running",
                           G_CALLBACK (on_client_analysis_running), self, 0);
  fetch.save_to_cache = TRUE;
  /* The endpoint may come from the AWS settings (AWS_ENDPOINT_URL, a [services] section), not
   * from anything typed here: say which one is used, for as long as the fetch runs. */
  {
    /* Translators: %s is the endpoint URL the results are fetched from */
    g_autofree char *text = g_strdup_printf (_("Fetching results from %s…"),
                                             pv_client_get_endpoint_url (self->client));
    /* Translators: %s is the endpoint URL the results are fetched from */
    g_autofree char *tooltip = g_strdup_printf (_("Results from %s"),
                                                pv_client_get_endpoint_url (self->client));

    set_progress (self, text);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_label), tooltip);
  }
  pv_client_get_person_tracking_async (self->client, request->job_id, &fetch, self->cancellable,
                                       fetch_cb, g_object_ref (self));
}

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FetchRequest) request = user_data;
  g_autoptr(PvSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;

  secrets = pv_secrets_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* No keyring (no session bus, locked, absent) just means no saved keys. */
  if (error != NULL)
    g_debug ("No saved access keys: %s", error->message);
  fetch_with_keys (request, secrets);
}

static void
fetch_job (PvWindow            *self,
           const PvOpenRequest *request)
{
  g_autoptr(GError) error = NULL;
  FetchRequest *fetch;

  if (!pv_client_validate_job_id (request->job_id, &error))
    {
      show_error (self, _("Could not fetch the results"), error);
      return;
    }

  remember_job (self, request->job_id);

  /* The command line wins over the preferences, which win over the AWS CLI's own rules. */
  fetch = g_new0 (FetchRequest, 1);
  fetch->self = g_object_ref (self);
  fetch->job_id = g_strdup (request->job_id);
  fetch->endpoint_url = request->endpoint_url ? g_strdup (request->endpoint_url)
                                              : settings_string_or_null (self->settings, "endpoint-url");
  fetch->region = request->region ? g_strdup (request->region)
                                  : settings_string_or_null (self->settings, "aws-region");
  fetch->profile = request->profile ? g_strdup (request->profile)
                                    : settings_string_or_null (self->settings, "aws-profile");

  set_progress (self, _("Fetching results…"));
  pv_secrets_load_async (self->cancellable, secrets_loaded_cb, fetch);
}

/* The player */

/* A video that was moved, deleted or cannot be played leaves its results worth looking at: the
 * people are listed all the same, and the video's place says what is wrong and offers to find it.
 * The message is there for as long as the problem, so it is no toast. */
static void
on_player_error (PvPlayer     *player,
                 const GError *error,
                 PvWindow     *self)
{
  gboolean missing = g_error_matches (error, PV_PLAYER_ERROR, PV_PLAYER_ERROR_NOT_FOUND);
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  g_autofree char *description = NULL;

  g_message ("Could not play the video: %s", error->message);
  description = g_strdup_printf ("%s\n\n%s", escaped,
                                 missing ? _("Locate the video to see the people in it.")
                                         : _("Choose another video to see the people in it."));
  adw_status_page_set_title (self->video_error_page,
                             missing ? _("Video Not Found") : _("Cannot Play the Video"));
  adw_status_page_set_description (self->video_error_page, description);
  gtk_button_set_label (self->locate_button,
                        missing ? _("_Locate Video…") : _("_Choose Another Video…"));
  gtk_stack_set_visible_child_name (self->video_stack, "unplayable");

  /* Results waiting for the video's frame size and rate read without them: only MOT text needs
   * them, and it waits again (see load_results_cb()). */
  if (self->pending_results != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->pending_results);

      load_results (self, file);
    }
  update_actions (self);
}

static void
on_player_warning (PvPlayer   *player,
                   const char *message,
                   PvWindow   *self)
{
  show_toast_with_details (self, _("The video may be incomplete"), message);
}

static void
on_player_loaded (PvWindow *self)
{
  if (!pv_player_get_loaded (self->player))
    return;

  gtk_stack_set_visible_child_name (self->video_stack, "video");
  apply_time_offset (self);
  /* Results already read (a video located after the first could not be played): they may not
   * fit this video, and the user must hear it as when both are opened together. */
  if (self->result != NULL)
    {
      check_result_against_video (self);
      show_warnings_count (self);
    }
  if (self->pending_results != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->pending_results);

      load_results (self, file);
    }
  update_status (self);
  update_actions (self);
}

static void
on_box_selected (PvWindow *self)
{
  pv_person_list_select_index (self->person_list, pv_video_view_get_selected_index (self->video_view));
}

/* Escape in the empty filter of a folded list: the list covers the video, so it goes away. */
static void
on_filter_dismissed (PvWindow *self)
{
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
on_person_activated (PvPersonList *list,
                     gint64        index,
                     PvWindow     *self)
{
  pv_video_view_set_selected_index (self->video_view, index);
  /* Folded, the list covers the video: get it out of the way to show the person chosen. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
ensure_player (PvWindow *self)
{
  if (self->player != NULL)
    return;

  self->player = pv_player_new ();
  g_signal_connect_object (self->player, "error", G_CALLBACK (on_player_error), self, 0);
  g_signal_connect_object (self->player, "warning", G_CALLBACK (on_player_warning), self, 0);
  g_signal_connect_object (self->player, "notify::loaded", G_CALLBACK (on_player_loaded), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::first-pts", G_CALLBACK (apply_time_offset), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::frame-pts", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::state", G_CALLBACK (update_play_button), self,
                           G_CONNECT_SWAPPED);
  pv_video_view_set_player (self->video_view, self->player);
  pv_timeline_view_set_player (self->timeline_view, self->player);
  pv_person_list_set_player (self->person_list, self->player);
}

void
pv_window_open (PvWindow            *self,
                const PvOpenRequest *request)
{
  g_return_if_fail (PV_IS_WINDOW (self));
  g_return_if_fail (request != NULL);

  if (request->results != NULL || request->job_id != NULL)
    {
      /* A new source of detections replaces the one being fetched or read. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_object (&self->pending_results);
      set_progress (self, NULL);
    }

  if (request->video != NULL)
    {
      g_autofree char *basename = g_file_get_basename (request->video);

      ensure_player (self);
      gtk_stack_set_visible_child_name (self->video_stack, "video");
      pv_player_open (self->player, request->video);
      adw_window_title_set_subtitle (self->window_title, basename);
      gtk_stack_set_visible_child_name (self->stack, "viewer");
      gtk_widget_set_visible (self->sidebar_button, TRUE);
    }

  if (request->results != NULL)
    {
      /* Wait for a video being opened; one that failed is not worth waiting for. */
      if (request->video != NULL ||
          (self->player != NULL && pv_player_get_state (self->player) == PV_PLAYER_STATE_LOADING))
        g_set_object (&self->pending_results, request->results);
      else
        load_results (self, request->results);
    }
  else if (request->job_id != NULL)
    fetch_job (self, request);

  update_actions (self);
}

/* Actions */

static void
player_toggle_play (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (self->player != NULL)
    pv_player_toggle_play (self->player);
}

static void
player_step (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (self->player != NULL)
    pv_player_step (self->player, g_variant_get_int32 (parameter));
}

static void
player_seek_relative (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  gint64 target, first, end;

  if (self->player == NULL)
    return;

  first = pv_player_get_first_pts (self->player);
  end = first + pv_player_get_duration (self->player);
  target = pv_player_get_frame_pts (self->player) + (gint64) (g_variant_get_double (parameter) * G_USEC_PER_SEC);
  pv_player_seek (self->player, CLAMP (target, first, end));
}

static void
player_seek_start (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (self->player != NULL)
    pv_player_seek (self->player, pv_player_get_first_pts (self->player));
}

static void
player_seek_end (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  /* The nearest frame to the end is the last one (pv_player_seek() stays inside the video). */
  if (self->player != NULL)
    pv_player_seek (self->player,
                    pv_player_get_first_pts (self->player) + pv_player_get_duration (self->player));
}

static void
on_open_dialog_response (PvOpenDialog *dialog,
                         PvWindow     *self)
{
  PvOpenRequest request = { 0 };

  pv_open_dialog_get_request (dialog, &request);
  pv_window_open (self, &request);
}

static void
win_open (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  PvOpenDialog *dialog = pv_open_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "open", G_CALLBACK (on_open_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_exported (PvExportDialog *dialog,
             GFile          *output,
             PvWindow       *self)
{
  g_autofree char *name = g_file_get_basename (output);
  g_autofree char *message = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  AdwToast *toast;

  /* A folder of PNGs opens itself; a file opens the folder it is in. */
  if (g_file_query_file_type (output, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    folder = g_object_ref (output);
  else
    folder = g_file_get_parent (output);
  uri = g_file_get_uri (folder);

  /* Translators: %s is the exported file or folder */
  message = g_strdup_printf (_("Exported %s"), name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
win_export (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  PvExportDialog *dialog;

  if (self->player == NULL || !pv_player_get_loaded (self->player))
    return;

  dialog = pv_export_dialog_new (GTK_WINDOW (self), self->player, self->timeline,
                                 pv_video_view_get_style (self->video_view));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
win_open_folder (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
win_show_details (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *title, *details;
  AdwMessageDialog *dialog;

  g_variant_get (parameter, "(&s&s)", &title, &details);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (widget), title, details));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
win_show_warnings (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  GPtrArray *warnings;
  GtkWidget *window, *scrolled, *list, *header, *box;

  if (self->result == NULL)
    return;
  warnings = pv_result_get_warnings (self->result);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Warnings"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      const PvResultWarning *w = g_ptr_array_index (warnings, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), w->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), w->location);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_widget_set_margin_top (list, 12);
  gtk_widget_set_margin_bottom (list, 12);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_vexpand (scrolled, TRUE);
  header = adw_header_bar_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
win_cancel_fetch (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_progress (self, NULL);
}

static void
win_fullscreen (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
win_focus_filter (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "viewer") == 0)
    {
      /* A folded, hidden list first comes out, or the focus would go nowhere to be seen. */
      adw_flap_set_reveal_flap (self->flap, TRUE);
      pv_person_list_focus_filter (self->person_list);
    }
}

static void
win_toggle_sidebar (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
close_locate_chooser (PvWindow *self)
{
  if (self->locate_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->locate_chooser, self);
  gtk_native_dialog_destroy (self->locate_chooser);
  g_clear_object (&self->locate_chooser);
}

static void
on_locate_response (GtkNativeDialog *chooser,
                    int              response,
                    PvWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      PvOpenRequest request = { .video = file };

      /* Only the video changes: the results already read (or waiting for it) stay. */
      if (file != NULL)
        pv_window_open (self, &request);
    }
  close_locate_chooser (self);
}

static void
win_locate_video (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PvWindow *self = PV_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  GFile *missing = self->player != NULL ? pv_player_get_file (self->player) : NULL;

  chooser = gtk_file_chooser_native_new (_("Locate the Video"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Videos"));
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* Start where the video used to be, if that folder is still there. */
  if (missing != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (missing);

      if (folder != NULL && g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) ==
                            G_FILE_TYPE_DIRECTORY)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  close_locate_chooser (self);
  self->locate_chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_locate_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Drag and drop: a video, a result file, or both at once */

static gboolean
is_video (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;
  const char *type;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);
  if (info == NULL)
    return FALSE;
  type = g_file_info_get_content_type (info);
  if (type == NULL)
    return FALSE;
  return g_content_type_is_a (type, "video/*") || g_content_type_is_mime_type (type, "video/*");
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PvWindow      *self)
{
  PvOpenRequest request = { 0 };
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (is_video (l->data))
        request.video = l->data;
      else
        request.results = l->data;
    }
  g_slist_free (files);

  if (request.video == NULL && request.results == NULL)
    return FALSE;
  pv_window_open (self, &request);
  return TRUE;
}

static void
pv_window_dispose (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  close_locate_chooser (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->timeline);
  g_clear_object (&self->result);
  g_clear_object (&self->player);
  g_clear_object (&self->pending_results);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->results_name, g_free);

  G_OBJECT_CLASS (pv_window_parent_class)->dispose (object);
}

static void
pv_window_class_init (PvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_window_dispose;

  g_type_ensure (PV_TYPE_PERSON_LIST);
  g_type_ensure (PV_TYPE_VIDEO_VIEW);
  g_type_ensure (PV_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pathview/Pathview/pv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, warnings_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, person_list);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, video_stack);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, video_view);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, video_error_page);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, locate_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, timeline_view);

  gtk_widget_class_install_action (widget_class, "player.toggle-play", NULL, player_toggle_play);
  gtk_widget_class_install_action (widget_class, "player.step", "i", player_step);
  gtk_widget_class_install_action (widget_class, "player.seek-relative", "d", player_seek_relative);
  gtk_widget_class_install_action (widget_class, "player.seek-start", NULL, player_seek_start);
  gtk_widget_class_install_action (widget_class, "player.seek-end", NULL, player_seek_end);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, win_open);
  gtk_widget_class_install_action (widget_class, "win.show-warnings", NULL, win_show_warnings);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, win_export);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", win_open_folder);
  gtk_widget_class_install_action (widget_class, "win.show-details", "(ss)", win_show_details);
  gtk_widget_class_install_action (widget_class, "win.cancel-fetch", NULL, win_cancel_fetch);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, win_fullscreen);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, win_focus_filter);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, win_toggle_sidebar);
  gtk_widget_class_install_action (widget_class, "win.locate-video", NULL, win_locate_video);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}

/* The player's keys act before the focused widget sees them: otherwise Space presses whichever
 * button has the focus, and the arrows, Home and End move the focus or the list selection.
 * Text fields keep them, for typing and moving the cursor. */
static gboolean
player_key (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && GTK_IS_EDITABLE (focus))
    return FALSE;
  return gtk_widget_activate_action_variant (widget, user_data, args);
}

static void
add_player_keys (PvWindow *self)
{
  static const struct {
    guint       keyval;
    const char *action;
    const char *args;
  } keys[] = {
    { GDK_KEY_space, "player.toggle-play", NULL },
    { GDK_KEY_Left, "player.seek-relative", "-5.0" },
    { GDK_KEY_Right, "player.seek-relative", "5.0" },
    { GDK_KEY_comma, "player.step", "-1" },
    { GDK_KEY_period, "player.step", "1" },
    { GDK_KEY_Home, "player.seek-start", NULL },
    { GDK_KEY_End, "player.seek-end", NULL },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                gtk_callback_action_new (player_key,
                                                                         (gpointer) keys[i].action,
                                                                         NULL));

      if (keys[i].args != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_parsed (keys[i].args));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
pv_window_init (PvWindow *self)
{
  g_autoptr(GSimpleActionGroup) view_actions = g_simple_action_group_new ();
  static const char * const style_keys[] = {
    "show-boxes", "show-labels", "show-faces", "show-landmarks", "interpolate",
  };
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_player_keys (self);

  self->cancellable = g_cancellable_new ();

  /* The window remembers its size so that a long review session picks up where it left off. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* The overlay style lives in GSettings: the menu toggles and the preferences change the same keys. */
  for (guint i = 0; i < G_N_ELEMENTS (style_keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, style_keys[i]);

      g_action_map_add_action (G_ACTION_MAP (view_actions), action);
      if (i < 4)
        g_settings_bind (self->settings, style_keys[i], self->video_view, style_keys[i], G_SETTINGS_BIND_GET);
    }
  g_settings_bind (self->settings, "trail-seconds", self->video_view, "trail-seconds", G_SETTINGS_BIND_GET);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "view", G_ACTION_GROUP (view_actions));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* A box clicked in the video and a row activated in the list select the same person. */
  g_signal_connect_swapped (self->video_view, "notify::selected-index", G_CALLBACK (on_box_selected), self);
  g_signal_connect (self->person_list, "person-activated", G_CALLBACK (on_person_activated), self);
  g_signal_connect_swapped (self->person_list, "filter-dismissed", G_CALLBACK (on_filter_dismissed),
                            self);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}
