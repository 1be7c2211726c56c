/* pv-page-reader.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pv-detection.h"

G_BEGIN_DECLS

/* One GetPersonTracking response page read without building a JSON tree. */
typedef struct
{
  char       *job_status;          /* NULL when absent */
  char       *status_message;
  char       *next_token;
  const char *video_metadata;      /* the VideoMetadata object's JSON text, inside the body */
  gsize       video_metadata_len;
  GArray     *detections;          /* of PvDetection; the faces belong to the array */
} PvPage;

gboolean pv_page_reader_read (const char *data,
                              gsize       len,
                              PvPage     *page);
void     pv_page_clear       (PvPage     *page);

G_END_DECLS
