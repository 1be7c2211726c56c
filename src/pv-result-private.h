/* pv-result-private.h: what the readers and the timeline share with PvResult
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pv-result.h"

G_BEGIN_DECLS

/* Timestamps beyond ±10^15 ms (31,000 years) are refused, so that µs media times fit in
 * 64 bits. */
#define PV_RESULT_MAX_TIMESTAMP_MS G_GINT64_CONSTANT (1000000000000000)

/* Where an element came from, to name it in warnings. Built into a string only when a warning
 * is actually given, so that a clean million-element file costs no string formatting. */
typedef struct
{
  const char *name;        /* file name, or NULL */
  guint       page;        /* 1-based page, or 0 when the input has no pages */
  const char *array;       /* "Persons", or NULL for a top-level array */
  guint       position;    /* 0-based position in that array, or the 1-based line for MOT */
  gboolean    is_line;     /* position is a line number */
  gboolean    whole;       /* about the whole input (or page): no element */
  gboolean    no_position; /* an element known by its Index and Timestamp only */
  gboolean    has_index;
  gint64      index;
  gboolean    has_timestamp;
  gint64      timestamp_ms;
} PvElementLocation;

void          pv_result_add_warning        (PvResult                *self,
                                            const PvElementLocation *where,
                                            const char              *format,
                                            ...) G_GNUC_PRINTF (3, 4);
void          pv_result_add_detection      (PvResult                *self,
                                            const PvDetection       *detection);
gboolean      pv_result_load_json          (JsonParser              *parser,
                                            const char              *text,
                                            gsize                    len,
                                            GError                 **error);
void          pv_result_set_format         (PvResult                *self,
                                            PvResultFormat           format);
void          pv_result_set_video_geometry (PvResult                *self,
                                            double                   frame_rate,
                                            guint                    width,
                                            guint                    height);
void          pv_result_normalize          (PvResult                *self);
void          pv_result_freeze             (PvResult                *self);
PvDetection  *pv_result_peek_detections    (PvResult                *self,
                                            guint                   *n_detections);
void          pv_face_free                 (PvFace                  *face);

/* pv-mot-reader.c */
gboolean      pv_mot_reader_looks_like     (const char              *text,
                                            gsize                    len);
gboolean      pv_mot_reader_read           (PvResult                *self,
                                            const char              *text,
                                            gsize                    len,
                                            const PvReadOptions     *options,
                                            GError                 **error);



/* A stable LSD radix sort of (hi, lo, pos) keys by hi, then lo, then their order in the array.
 * Signed 64-bit values go in through pv_sort_key_from_int64 () so that they order as unsigned.
 * Afterwards only the pos fields are meaningful: they come out in sorted order. */
typedef struct
{
  guint64 hi;
  guint64 lo;
  guint32 pos;
} PvSortItem;

static inline guint64
pv_sort_key_from_int64 (gint64 value)
{
  return ((guint64) value) ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

void          pv_sort_items                (PvSortItem              *items,
                                            gsize                    n_items);

G_END_DECLS
