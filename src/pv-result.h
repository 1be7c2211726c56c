/* pv-result.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pv-detection.h"

G_BEGIN_DECLS

#define PV_TYPE_RESULT (pv_result_get_type ())

G_DECLARE_FINAL_TYPE (PvResult, pv_result, PV, RESULT, GObject)

#define PV_RESULT_ERROR (pv_result_error_quark ())

typedef enum
{
  PV_RESULT_ERROR_INVALID_JSON,    /* not JSON at all: the message names line and column */
  PV_RESULT_ERROR_WRONG_SHAPE,     /* JSON, but not a shape we can read (top level, Persons, ...) */
  PV_RESULT_ERROR_UNKNOWN_FORMAT,  /* neither JSON nor MOT text (binary, prose, ...) */
  PV_RESULT_ERROR_EMPTY,           /* no bytes, or only white space */
  PV_RESULT_ERROR_TOO_LARGE,       /* over PV_RESULT_MAX_SIZE, or nested too deeply */
  PV_RESULT_ERROR_NEEDS_VIDEO,     /* MOT text without frame rate and frame size */
  PV_RESULT_ERROR_NO_DETECTIONS,   /* MOT text in which not one row could be read */
  PV_RESULT_ERROR_IO,              /* reading or writing a file failed */
} PvResultError;

/* Files bigger than this are refused before they are read: json-glib builds a whole tree in
 * memory (about ten times the text), so 512 MiB of JSON already needs several GiB. The largest
 * real job (a few hours of video) is a few hundred MiB at most. */
#define PV_RESULT_MAX_SIZE ((gsize) 512 * 1024 * 1024)

/* Deeper JSON is refused before parsing: json-glib's parser recurses once per level. No valid
 * result nests deeper than 6. */
#define PV_RESULT_MAX_DEPTH 256

typedef enum
{
  PV_RESULT_FORMAT_NONE,              /* filled by pv_result_add_page () */
  PV_RESULT_FORMAT_REKOGNITION,       /* one response, or the merged AWS CLI output */
  PV_RESULT_FORMAT_REKOGNITION_PAGES, /* a JSON array of responses */
  PV_RESULT_FORMAT_GUIDANCE,          /* the retail-analytics guidance app's lowerCamel JSON */
  PV_RESULT_FORMAT_MOT,               /* MOT Challenge text, tracker output or ground truth */
} PvResultFormat;

/* What a reader needs beyond the bytes. Zero means "not known". Only MOT text needs them:
 * its pixels and frame numbers mean nothing without the frame size and rate. */
typedef struct
{
  double frame_rate;
  guint  frame_width;
  guint  frame_height;
} PvReadOptions;

typedef struct
{
  char     *location;    /* "file.json: page 2: Persons[17] (Index 1, Timestamp 5800)" */
  char     *message;     /* what was wrong, and what was done with it */
  gboolean  about_video; /* from pv_result_check_video (): replaced by the next check */
} PvResultWarning;

typedef struct
{
  char    *codec;
  char    *format;
  char    *file_extension;
  gint64   duration_ms;
  double   frame_rate;
  guint    width;
  guint    height;
  gboolean has_duration;
  gboolean has_frame_rate;
  gboolean has_size;
  gboolean present;        /* any VideoMetadata was seen at all */
} PvVideoMetadata;

/* No more warnings than this are kept; one last warning then says how many were left out. */
#define PV_RESULT_MAX_WARNINGS 1000

GQuark                 pv_result_error_quark         (void);

PvResult              *pv_result_new                 (void);
PvResult              *pv_result_new_from_bytes      (GBytes              *bytes,
                                                      const char          *name,
                                                      const PvReadOptions *options,
                                                      GError             **error);
PvResult              *pv_result_load_file           (GFile               *file,
                                                      const PvReadOptions *options,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
gboolean               pv_result_add_page            (PvResult            *self,
                                                      JsonObject          *page,
                                                      guint                page_number,
                                                      GError             **error);
const PvDetection     *pv_result_get_detections      (PvResult            *self,
                                                      guint               *n_detections);
guint                  pv_result_get_n_detections    (PvResult            *self);
GPtrArray             *pv_result_get_warnings        (PvResult            *self);
const PvVideoMetadata *pv_result_get_video_metadata  (PvResult            *self);
const char            *pv_result_get_job_status      (PvResult            *self);
const char            *pv_result_get_status_message  (PvResult            *self);
const char            *pv_result_get_next_token      (PvResult            *self);
guint                  pv_result_get_n_pages         (PvResult            *self);
PvResultFormat         pv_result_get_format          (PvResult            *self);
const char            *pv_result_get_name            (PvResult            *self);
void                   pv_result_set_name            (PvResult            *self,
                                                      const char          *name);
void                   pv_result_check_video         (PvResult            *self,
                                                      guint                width,
                                                      guint                height,
                                                      gint64               duration_ms,
                                                      double               frame_rate);
GBytes                *pv_result_to_bytes            (PvResult            *self);
gboolean               pv_result_save                (PvResult            *self,
                                                      GFile               *file,
                                                      GError             **error);

G_END_DECLS
