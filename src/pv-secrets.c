/* pv-secrets.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pv-secrets.h"

/* One item per field, told apart by the "field" attribute: the key id is not secret, but
 * keeping both in the keyring keeps them together and out of dconf. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".AwsCredentials", SECRET_SCHEMA_NONE,
    {
      { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
pv_secrets_free (PvSecrets *secrets)
{
  if (secrets == NULL)
    return;
  g_free (secrets->access_key_id);
  if (secrets->secret_access_key != NULL)
    secret_password_free (secrets->secret_access_key);
  g_free (secrets);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(PvSecrets) secrets = g_new0 (PvSecrets, 1);
  GError *error = NULL;
  char *id;

  id = secret_password_lookup_sync (get_schema (), cancellable, &error, "field", "access-key-id", NULL);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  secrets->access_key_id = g_strdup (id);
  secret_password_free (id);

  secrets->secret_access_key =
    secret_password_lookup_sync (get_schema (), cancellable, &error, "field", "secret-access-key", NULL);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&secrets), (GDestroyNotify) pv_secrets_free);
}

/* Yields the stored keys, with NULL members when none are stored. */
void
pv_secrets_load_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pv_secrets_load_async);
  g_task_run_in_thread (task, load_thread);
}

PvSecrets *
pv_secrets_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Empty or NULL values remove the stored ones. */
gboolean
pv_secrets_store (const char  *access_key_id,
                  const char  *secret_access_key,
                  GError     **error)
{
  const struct { const char *field; const char *value; const char *label; } items[] = {
    { "access-key-id", access_key_id, N_("Pathview: AWS access key ID") },
    { "secret-access-key", secret_access_key, N_("Pathview: AWS secret access key") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      gboolean ok;

      if (items[i].value == NULL || items[i].value[0] == '\0')
        {
          GError *local = NULL;

          secret_password_clear_sync (get_schema (), NULL, &local, "field", items[i].field, NULL);
          if (local != NULL)
            {
              g_propagate_error (error, local);
              return FALSE;
            }
          continue;
        }
      ok = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, _(items[i].label),
                                       items[i].value, NULL, error, "field", items[i].field, NULL);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
