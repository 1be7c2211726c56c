/* pv-credentials-file.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *profile;
  char *access_key;
  char *secret;
  char *session_token;  /* NULL: the key is long-term and must come without a token */
} PvCredential;

/* Reads an AWS shared-credentials file ([profile] sections with aws_access_key_id,
 * aws_secret_access_key and optional aws_session_token). Returns access key -> PvCredential. */
GHashTable *pv_credentials_file_load (const char  *path,
                                      GError     **error);

G_END_DECLS
