/* sigv4-sign.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reads one JSON request description per line on stdin and prints, per line, a JSON object of the
 * headers PvSigv4 makes for it, so check-sigv4-botocore.py can compare them with botocore's.
 *
 * In:  {"method": "POST", "host": "...", "path": "/", "query": "", "region": "...",
 *       "service": "rekognition", "access_key": "...", "secret": "...", "session_token": "...",
 *       "amz_date": "20150830T123600Z", "headers": {"Content-Type": "...", ...}, "body": "..."}
 *       (method, path, query, service, session_token and headers are optional)
 * Out: {"Authorization": "...", "X-Amz-Date": "...", "X-Amz-Security-Token": "..."}
 *
 * It signs Host, X-Amz-Date, X-Amz-Security-Token (when given) and every header in "headers",
 * the set a GetPersonTracking request sends. */

#define G_LOG_DOMAIN "sigv4-sign"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "pv-sigv4.h"

static const char *
member_string (JsonObject *obj,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  return json_node_get_string (node);
}

static char *
sign_line (const char  *line,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (PvSigv4Header));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *authz = NULL;
  JsonObject *req;
  const char *body, *token, *amz_date;
  PvSigv4Header h;

  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line is not a JSON object");
      return NULL;
    }
  req = json_node_get_object (json_parser_get_root (parser));

  amz_date = member_string (req, "amz_date", NULL);
  token = member_string (req, "session_token", NULL);
  body = member_string (req, "body", "");

  h.name = "Host";
  h.value = member_string (req, "host", NULL);
  g_array_append_val (headers, h);
  h.name = "X-Amz-Date";
  h.value = amz_date;
  g_array_append_val (headers, h);
  if (token != NULL)
    {
      h.name = "X-Amz-Security-Token";
      h.value = token;
      g_array_append_val (headers, h);
    }
  if (json_object_has_member (req, "headers"))
    {
      JsonObject *extra = json_object_get_object_member (req, "headers");
      g_autoptr(GList) names = json_object_get_members (extra);

      for (GList *l = names; l != NULL; l = l->next)
        {
          h.name = l->data;
          h.value = json_object_get_string_member (extra, l->data);
          g_array_append_val (headers, h);
        }
    }

  for (guint i = 0; i < headers->len; i++)
    if (g_array_index (headers, PvSigv4Header, i).value == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "missing value for %s",
                     g_array_index (headers, PvSigv4Header, i).name);
        return NULL;
      }

  authz = pv_sigv4_authorization (member_string (req, "access_key", ""),
                                  member_string (req, "secret", ""),
                                  member_string (req, "region", ""),
                                  member_string (req, "service", "rekognition"),
                                  amz_date,
                                  member_string (req, "method", "POST"),
                                  member_string (req, "path", "/"),
                                  member_string (req, "query", NULL),
                                  (const PvSigv4Header *) (gpointer) headers->data, headers->len,
                                  (const guint8 *) body, strlen (body));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Authorization");
  json_builder_add_string_value (builder, authz);
  json_builder_set_member_name (builder, "X-Amz-Date");
  json_builder_add_string_value (builder, amz_date);
  if (token != NULL)
    {
      json_builder_set_member_name (builder, "X-Amz-Security-Token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char buf[65536];
  guint line_no = 0;

  while (fgets (buf, sizeof buf, stdin) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      line_no++;
      if (strchr (buf, '\n') == NULL && !feof (stdin))
        {
          fprintf (stderr, "sigv4-sign: line %u is longer than %zu bytes\n", line_no, sizeof buf);
          return 1;
        }
      g_strchomp (buf);
      if (buf[0] == '\0')
        continue;

      out = sign_line (buf, &error);
      if (out == NULL)
        {
          fprintf (stderr, "sigv4-sign: line %u: %s\n", line_no, error->message);
          return 1;
        }
      printf ("%s\n", out);
    }

  return 0;
}
