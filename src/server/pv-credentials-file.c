/* pv-credentials-file.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-credentials-file"

#include "config.h"

#include <string.h>

#include "pv-credentials-file.h"

static void
credential_free (gpointer data)
{
  PvCredential *c = data;

  g_free (c->profile);
  g_free (c->access_key);
  if (c->secret != NULL)
    memset (c->secret, 0, strlen (c->secret));
  g_free (c->secret);
  g_free (c->session_token);
  g_free (c);
}

GHashTable *
pv_credentials_file_load (const char  *path,
                          GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GHashTable) creds = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  creds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, credential_free);
  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *key = g_key_file_get_string (kf, groups[i], "aws_access_key_id", NULL);
      g_autofree char *secret = g_key_file_get_string (kf, groups[i], "aws_secret_access_key",
                                                       NULL);
      PvCredential *c;

      if (key == NULL || secret == NULL || key[0] == '\0' || secret[0] == '\0')
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       "%s: profile [%s] lacks aws_access_key_id or aws_secret_access_key",
                       path, groups[i]);
          return NULL;
        }
      g_strstrip (key);
      g_strstrip (secret);
      if (g_hash_table_contains (creds, key))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "%s: profile [%s] repeats access key %s", path, groups[i], key);
          return NULL;
        }

      c = g_new0 (PvCredential, 1);
      c->profile = g_strdup (groups[i]);
      c->access_key = g_steal_pointer (&key);
      c->secret = g_steal_pointer (&secret);
      c->session_token = g_key_file_get_string (kf, groups[i], "aws_session_token", NULL);
      if (c->session_token != NULL)
        g_strstrip (c->session_token);
      g_hash_table_insert (creds, c->access_key, c);
    }

  if (g_hash_table_size (creds) == 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "%s: no profile with credentials", path);
      return NULL;
    }

  return g_steal_pointer (&creds);
}
