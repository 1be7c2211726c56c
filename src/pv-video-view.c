/* pv-video-view.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-video-view"

#include "config.h"

#include "pv-video-view.h"

struct _PvVideoView
{
  GtkWidget       parent_instance;

  /* Owned */
  PvPlayer       *player;
  PvTimeline     *timeline;
  PvOverlayStyle  style;
};

G_DEFINE_FINAL_TYPE (PvVideoView, pv_video_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAYER,
  PROP_TIMELINE,
  PROP_SELECTED_INDEX,
  PROP_SHOW_BOXES,
  PROP_SHOW_LABELS,
  PROP_SHOW_FACES,
  PROP_SHOW_LANDMARKS,
  PROP_TRAIL_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
pv_video_view_new (void)
{
  return g_object_new (PV_TYPE_VIDEO_VIEW, NULL);
}

/* The picture rectangle in widget coordinates: the letterbox of the displayed video size. */
gboolean
pv_video_view_get_picture_rect (PvVideoView     *self,
                                graphene_rect_t *rect)
{
  double x, y, w, h;
  int vw, vh;

  g_return_val_if_fail (PV_IS_VIDEO_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (self->player == NULL)
    return FALSE;

  vw = pv_player_get_video_width (self->player);
  vh = pv_player_get_video_height (self->player);
  pv_overlay_fit (gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)),
                  vw, vh, &x, &y, &w, &h);
  if (w <= 0 || h <= 0)
    return FALSE;

  graphene_rect_init (rect, x, y, w, h);
  return TRUE;
}

static void
pv_video_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PvVideoView *self = PV_VIDEO_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t rect;
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!pv_video_view_get_picture_rect (self, &rect))
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect.origin.x, rect.origin.y));
  gdk_paintable_snapshot (GDK_PAINTABLE (self->player), snapshot, rect.size.width, rect.size.height);
  gtk_snapshot_restore (snapshot);

  if (self->timeline == NULL || !pv_player_get_loaded (self->player))
    return;

  /* The overlay is for the frame on screen: its own PTS, never a clock. Same function, same
   * rectangle arithmetic as the export. */
  /* Only the picture: the overlay never draws into the bars, and a smaller surface is cheaper. */
  cr = gtk_snapshot_append_cairo (snapshot, &rect);
  pv_overlay_draw (cr, rect.origin.x, rect.origin.y, rect.size.width, rect.size.height,
                   self->timeline, pv_player_get_frame_pts (self->player), &self->style);
  cairo_destroy (cr);
}

static void
pv_video_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 360;
}

static void
pv_video_view_set_selected (PvVideoView *self,
                            gint64       index)
{
  if (self->style.selected_index == index)
    return;
  self->style.selected_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_INDEX]);
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           px,
                  double           py,
                  PvVideoView     *self)
{
  g_autoptr(GArray) visible = NULL;
  graphene_rect_t rect;
  gint64 index;

  if (self->timeline == NULL || !pv_video_view_get_picture_rect (self, &rect))
    return;

  visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  pv_timeline_visible_at (self->timeline, pv_player_get_frame_pts (self->player), visible);
  index = pv_overlay_hit_test ((const PvVisiblePerson *) (gpointer) visible->data, visible->len,
                               rect.origin.x, rect.origin.y, rect.size.width, rect.size.height,
                               px, py);
  /* A click beside every box clears the selection. */
  pv_video_view_set_selected (self, index);
}

static void
on_redraw (PvVideoView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_resize (PvVideoView *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The player delivers frames no bigger than the view in device pixels, so that drawing a frame
 * never scales it down: see pv_player_set_display_size(). */
static void
set_display_size (PvVideoView *self,
                  int          width,
                  int          height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->player != NULL)
    pv_player_set_display_size (self->player, width * scale, height * scale);
}

static void
update_display_size (PvVideoView *self)
{
  set_display_size (self, gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
pv_video_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  set_display_size (PV_VIDEO_VIEW (widget), width, height);
}

void
pv_video_view_set_player (PvVideoView *self,
                          PvPlayer    *player)
{
  g_return_if_fail (PV_IS_VIDEO_VIEW (self));
  g_return_if_fail (player == NULL || PV_IS_PLAYER (player));

  if (self->player == player)
    return;

  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      /* The paintable invalidates once per new frame; frame-pts changes with it. */
      g_signal_connect_swapped (player, "invalidate-contents", G_CALLBACK (on_redraw), self);
      g_signal_connect_swapped (player, "invalidate-size", G_CALLBACK (on_resize), self);
      g_signal_connect_swapped (player, "notify::frame-pts", G_CALLBACK (on_redraw), self);
      g_signal_connect_swapped (player, "notify::loaded", G_CALLBACK (on_redraw), self);
      update_display_size (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

void
pv_video_view_set_timeline (PvVideoView *self,
                            PvTimeline  *timeline)
{
  g_return_if_fail (PV_IS_VIDEO_VIEW (self));
  g_return_if_fail (timeline == NULL || PV_IS_TIMELINE (timeline));

  if (self->timeline == timeline)
    return;

  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_set_object (&self->timeline, timeline);
  /* Filter, threshold and interpolation changes redraw the paused frame at once. */
  if (timeline != NULL)
    g_signal_connect_swapped (timeline, "changed", G_CALLBACK (on_redraw), self);
  self->style.selected_index = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

gint64
pv_video_view_get_selected_index (PvVideoView *self)
{
  g_return_val_if_fail (PV_IS_VIDEO_VIEW (self), -1);

  return self->style.selected_index;
}

void
pv_video_view_set_selected_index (PvVideoView *self,
                                  gint64       index)
{
  g_return_if_fail (PV_IS_VIDEO_VIEW (self));

  pv_video_view_set_selected (self, MAX (index, -1));
}

const PvOverlayStyle *
pv_video_view_get_style (PvVideoView *self)
{
  g_return_val_if_fail (PV_IS_VIDEO_VIEW (self), NULL);

  return &self->style;
}

static void
pv_video_view_dispose (GObject *object)
{
  PvVideoView *self = PV_VIDEO_VIEW (object);

  pv_video_view_set_player (self, NULL);
  pv_video_view_set_timeline (self, NULL);

  G_OBJECT_CLASS (pv_video_view_parent_class)->dispose (object);
}

static void
set_flag (PvVideoView *self,
          gboolean    *field,
          gboolean     value,
          int          prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
pv_video_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PvVideoView *self = PV_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_TIMELINE:
      g_value_set_object (value, self->timeline);
      break;
    case PROP_SELECTED_INDEX:
      g_value_set_int64 (value, self->style.selected_index);
      break;
    case PROP_SHOW_BOXES:
      g_value_set_boolean (value, self->style.show_boxes);
      break;
    case PROP_SHOW_LABELS:
      g_value_set_boolean (value, self->style.show_labels);
      break;
    case PROP_SHOW_FACES:
      g_value_set_boolean (value, self->style.show_faces);
      break;
    case PROP_SHOW_LANDMARKS:
      g_value_set_boolean (value, self->style.show_landmarks);
      break;
    case PROP_TRAIL_SECONDS:
      g_value_set_double (value, self->style.trail_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_video_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PvVideoView *self = PV_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAYER:
      pv_video_view_set_player (self, g_value_get_object (value));
      break;
    case PROP_TIMELINE:
      pv_video_view_set_timeline (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_INDEX:
      pv_video_view_set_selected_index (self, g_value_get_int64 (value));
      break;
    case PROP_SHOW_BOXES:
      set_flag (self, &self->style.show_boxes, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_LABELS:
      set_flag (self, &self->style.show_labels, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_FACES:
      set_flag (self, &self->style.show_faces, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_LANDMARKS:
      set_flag (self, &self->style.show_landmarks, g_value_get_boolean (value), prop_id);
      break;
    case PROP_TRAIL_SECONDS:
      if (self->style.trail_seconds != g_value_get_double (value))
        {
          self->style.trail_seconds = g_value_get_double (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_video_view_class_init (PvVideoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pv_video_view_dispose;
  object_class->get_property = pv_video_view_get_property;
  object_class->set_property = pv_video_view_set_property;

  widget_class->snapshot = pv_video_view_snapshot;
  widget_class->measure = pv_video_view_measure;
  widget_class->size_allocate = pv_video_view_size_allocate;

  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, PV_TYPE_PLAYER, rw);
  properties[PROP_TIMELINE] = g_param_spec_object ("timeline", NULL, NULL, PV_TYPE_TIMELINE, rw);
  properties[PROP_SELECTED_INDEX] =
    g_param_spec_int64 ("selected-index", NULL, NULL, -1, G_MAXINT64, -1, rw);
  properties[PROP_SHOW_BOXES] = g_param_spec_boolean ("show-boxes", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_LABELS] = g_param_spec_boolean ("show-labels", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_FACES] = g_param_spec_boolean ("show-faces", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_LANDMARKS] = g_param_spec_boolean ("show-landmarks", NULL, NULL, TRUE, rw);
  properties[PROP_TRAIL_SECONDS] =
    g_param_spec_double ("trail-seconds", NULL, NULL, 0, 60, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Style toggles as stateful actions, so that menus and shortcuts only name them. */
  gtk_widget_class_install_property_action (widget_class, "view.show-boxes", "show-boxes");
  gtk_widget_class_install_property_action (widget_class, "view.show-labels", "show-labels");
  gtk_widget_class_install_property_action (widget_class, "view.show-faces", "show-faces");
  gtk_widget_class_install_property_action (widget_class, "view.show-landmarks", "show-landmarks");

  gtk_widget_class_set_css_name (widget_class, "pv-video-view");
}

static void
pv_video_view_init (PvVideoView *self)
{
  GtkGesture *click;

  pv_overlay_style_init (&self->style);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (update_display_size), self);
}
