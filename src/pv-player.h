/* pv-player.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PV_PLAYER_ERROR (pv_player_error_quark ())

typedef enum
{
  PV_PLAYER_ERROR_NOT_FOUND,        /* the file does not exist or cannot be read */
  PV_PLAYER_ERROR_EMPTY_FILE,       /* zero bytes */
  PV_PLAYER_ERROR_NOT_MEDIA,        /* not a format GStreamer recognises */
  PV_PLAYER_ERROR_NO_VIDEO,         /* a media file without a video stream (audio only) */
  PV_PLAYER_ERROR_MISSING_CODEC,    /* the message names the missing decoder/demuxer */
  PV_PLAYER_ERROR_FAILED,           /* anything else the pipeline reports (corrupt data ...) */
} PvPlayerError;

typedef enum
{
  PV_PLAYER_STATE_EMPTY,            /* nothing opened */
  PV_PLAYER_STATE_LOADING,          /* opened, first frame not decoded yet */
  PV_PLAYER_STATE_PAUSED,
  PV_PLAYER_STATE_PLAYING,
  PV_PLAYER_STATE_ERROR,            /* the "error" signal was emitted; open another file */
} PvPlayerState;

#define PV_TYPE_PLAYER (pv_player_get_type ())

G_DECLARE_FINAL_TYPE (PvPlayer, pv_player, PV, PLAYER, GObject)

GQuark        pv_player_error_quark      (void);

PvPlayer     *pv_player_new              (void);
void          pv_player_open             (PvPlayer *self,
                                          GFile    *file);
GFile        *pv_player_get_file         (PvPlayer *self);
GdkPaintable *pv_player_get_paintable    (PvPlayer *self);
GdkTexture   *pv_player_get_texture      (PvPlayer *self);

void          pv_player_play             (PvPlayer *self);
void          pv_player_pause            (PvPlayer *self);
void          pv_player_toggle_play      (PvPlayer *self);
void          pv_player_seek             (PvPlayer *self,
                                          gint64    media_time_us);
void          pv_player_step             (PvPlayer *self,
                                          int       frames);
void          pv_player_set_rate         (PvPlayer *self,
                                          double    rate);
void          pv_player_set_display_size (PvPlayer *self,
                                          int       width,
                                          int       height);

gint64        pv_player_get_frame_pts    (PvPlayer *self);
gint64        pv_player_get_first_pts    (PvPlayer *self);
gint64        pv_player_get_duration     (PvPlayer *self);
PvPlayerState pv_player_get_state        (PvPlayer *self);
double        pv_player_get_rate         (PvPlayer *self);
int           pv_player_get_video_width  (PvPlayer *self);
int           pv_player_get_video_height (PvPlayer *self);
double        pv_player_get_frame_rate   (PvPlayer *self);
gint64        pv_player_get_frame_duration (PvPlayer *self);
gboolean      pv_player_get_loaded       (PvPlayer *self);
gboolean      pv_player_get_seeking      (PvPlayer *self);
guint64       pv_player_get_dropped_frames (PvPlayer *self);

G_END_DECLS
