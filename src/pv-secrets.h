/* pv-secrets.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* AWS access keys in the user's keyring (libsecret), never in GSettings. */

typedef struct
{
  char *access_key_id;
  char *secret_access_key;
} PvSecrets;

void       pv_secrets_free         (PvSecrets           *secrets);
void       pv_secrets_load_async   (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
PvSecrets *pv_secrets_load_finish  (GAsyncResult        *result,
                                    GError             **error);
gboolean   pv_secrets_store        (const char          *access_key_id,
                                    const char          *secret_access_key,
                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvSecrets, pv_secrets_free)

G_END_DECLS
