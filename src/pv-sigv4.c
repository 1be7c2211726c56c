/* pv-sigv4.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-sigv4"

#include "config.h"

#include <string.h>

#include "pv-sigv4.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

G_DEFINE_QUARK (pv-sigv4-error-quark, pv_sigv4_error)

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* SigV4's URI encoding: everything but the RFC 3986 unreserved set, upper-case hex.
 * g_uri_escape_string would do, but it leaves '!*\'()' alone and SigV4 does not. */
static void
uri_encode_append (GString    *out,
                   const char *s,
                   gssize      len,
                   gboolean    keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";

  if (len < 0)
    len = strlen (s);

  for (gssize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        {
          g_string_append_c (out, (char) c);
        }
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
}

/* Undo %XX (and only that) so that a query sent raw and one sent encoded sign the same. */
static GString *
percent_decode (const char *s,
                gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '%' && i + 2 < len &&
          g_ascii_isxdigit (s[i + 1]) && g_ascii_isxdigit (s[i + 2]))
        {
          g_string_append_c (out, (char) ((g_ascii_xdigit_value (s[i + 1]) << 4) |
                                          g_ascii_xdigit_value (s[i + 2])));
          i += 2;
        }
      else
        {
          g_string_append_c (out, s[i]);
        }
    }

  return out;
}

/* RFC 3986 5.2.4 dot-segment removal, and consecutive slashes collapsed, the way AWS
 * services (and botocore) normalise the path before signing. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) out = NULL;
  GString *result;
  gsize len;

  if (path == NULL || path[0] == '\0')
    return g_strdup ("/");

  len = strlen (path);
  segments = g_strsplit (path, "/", -1);
  out = g_ptr_array_new ();

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *seg = segments[i];

      if (seg[0] == '\0' || strcmp (seg, ".") == 0)
        continue;
      if (strcmp (seg, "..") == 0)
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, (gpointer) seg);
    }

  result = g_string_new (path[0] == '/' ? "/" : "");
  for (guint i = 0; i < out->len; i++)
    {
      if (i > 0)
        g_string_append_c (result, '/');
      g_string_append (result, g_ptr_array_index (out, i));
    }
  if (path[len - 1] == '/' && out->len > 0)
    g_string_append_c (result, '/');

  return g_string_free (result, FALSE);
}

typedef struct {
  char *key;
  char *value;
} QueryPair;

static int
compare_query_pairs (gconstpointer a,
                     gconstpointer b)
{
  const QueryPair *pa = a;
  const QueryPair *pb = b;
  int r = strcmp (pa->key, pb->key);

  return r != 0 ? r : strcmp (pa->value, pb->value);
}

static char *
canonical_query (const char *query)
{
  g_autoptr(GArray) pairs = NULL;
  GString *out;
  const char *p;

  out = g_string_new ("");
  if (query == NULL || query[0] == '\0')
    return g_string_free (out, FALSE);

  pairs = g_array_new (FALSE, FALSE, sizeof (QueryPair));
  p = query;
  while (TRUE)
    {
      const char *end = strchr (p, '&');
      const char *eq;
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (len > 0)
        {
          g_autoptr(GString) key = NULL;
          g_autoptr(GString) value = NULL;
          GString *ek = g_string_new ("");
          GString *ev = g_string_new ("");
          QueryPair pair;

          eq = memchr (p, '=', len);
          if (eq != NULL)
            {
              key = percent_decode (p, eq - p);
              value = percent_decode (eq + 1, len - (eq - p) - 1);
            }
          else
            {
              key = percent_decode (p, len);
              value = g_string_new ("");
            }
          uri_encode_append (ek, key->str, key->len, FALSE);
          uri_encode_append (ev, value->str, value->len, FALSE);
          pair.key = g_string_free (ek, FALSE);
          pair.value = g_string_free (ev, FALSE);
          g_array_append_val (pairs, pair);
        }

      if (end == NULL)
        break;
      p = end + 1;
    }

  /* By encoded key, then value: comparing "k=v" strings would put "Param-3=" before "Param=". */
  g_array_sort (pairs, compare_query_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      QueryPair *pair = &g_array_index (pairs, QueryPair, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append (out, pair->key);
      g_string_append_c (out, '=');
      g_string_append (out, pair->value);
      g_free (pair->key);
      g_free (pair->value);
    }

  return g_string_free (out, FALSE);
}

/* Trim, and fold every run of white space (including folded continuation lines) into one space. */
static void
append_header_value (GString    *out,
                     const char *value)
{
  gboolean pending_space = FALSE;
  gboolean started = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          pending_space = started;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      started = TRUE;
      g_string_append_c (out, *p);
    }
}

typedef struct {
  char       *name;   /* lower case */
  const char *value;
  guint       order;
} SortedHeader;

static int
compare_headers (gconstpointer a,
                 gconstpointer b)
{
  const SortedHeader *ha = a;
  const SortedHeader *hb = b;
  int r = strcmp (ha->name, hb->name);

  /* Repeated headers keep the order they were sent in. */
  if (r != 0)
    return r;
  return ha->order < hb->order ? -1 : ha->order > hb->order;
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  static const char hex[] = "0123456789abcdef";
  char *out = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = hex[data[i] >> 4];
      out[2 * i + 1] = hex[data[i] & 0xf];
    }
  out[len * 2] = '\0';

  return out;
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &len);
  g_assert (len == 32);
}

char *
pv_sigv4_canonical_request (const char          *method,
                            const char          *path,
                            const char          *query,
                            const PvSigv4Header *headers,
                            guint                n_headers,
                            const guint8        *body,
                            gsize                body_len,
                            char               **signed_headers_out)
{
  g_autofree char *normalized = NULL;
  g_autofree char *cquery = NULL;
  g_autofree char *body_hash = NULL;
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GString) signed_headers = NULL;
  GString *out;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (headers != NULL || n_headers == 0, NULL);
  g_return_val_if_fail (body != NULL || body_len == 0, NULL);

  out = g_string_new (method);
  g_string_append_c (out, '\n');

  normalized = normalize_path (path);
  uri_encode_append (out, normalized, -1, TRUE);
  g_string_append_c (out, '\n');

  cquery = canonical_query (query);
  g_string_append (out, cquery);
  g_string_append_c (out, '\n');

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedHeader), n_headers);
  for (guint i = 0; i < n_headers; i++)
    {
      SortedHeader h = { g_ascii_strdown (headers[i].name, -1), headers[i].value, i };

      g_array_append_val (sorted, h);
    }
  g_array_sort (sorted, compare_headers);

  signed_headers = g_string_new ("");
  for (guint i = 0; i < sorted->len; i++)
    {
      SortedHeader *h = &g_array_index (sorted, SortedHeader, i);
      gboolean same_as_previous = i > 0 &&
        strcmp (g_array_index (sorted, SortedHeader, i - 1).name, h->name) == 0;

      if (same_as_previous)
        {
          g_string_append_c (out, ',');
        }
      else
        {
          if (i > 0)
            {
              g_string_append_c (out, '\n');
              g_string_append_c (signed_headers, ';');
            }
          g_string_append (out, h->name);
          g_string_append_c (out, ':');
          g_string_append (signed_headers, h->name);
        }
      append_header_value (out, h->value != NULL ? h->value : "");
    }
  if (sorted->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < sorted->len; i++)
    g_free (g_array_index (sorted, SortedHeader, i).name);

  g_string_append_c (out, '\n');
  g_string_append (out, signed_headers->str);
  g_string_append_c (out, '\n');

  body_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                           body != NULL ? body : (const guint8 *) "", body_len);
  g_string_append (out, body_hash);

  if (signed_headers_out != NULL)
    *signed_headers_out = g_string_free (g_steal_pointer (&signed_headers), FALSE);

  return g_string_free (out, FALSE);
}

char *
pv_sigv4_string_to_sign (const char *amz_date,
                         const char *region,
                         const char *service,
                         const char *canonical_request)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (canonical_request != NULL, NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical_request, -1);

  return g_strdup_printf (ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s",
                          amz_date, amz_date, region, service, hash);
}

void
pv_sigv4_signing_key (const char *secret,
                      const char *date,
                      const char *region,
                      const char *service,
                      guint8      key_out[32])
{
  g_autofree char *first = NULL;
  guint8 k_date[32], k_region[32], k_service[32];

  g_return_if_fail (secret != NULL);
  g_return_if_fail (date != NULL);
  g_return_if_fail (region != NULL);
  g_return_if_fail (service != NULL);
  g_return_if_fail (key_out != NULL);

  first = g_strconcat ("AWS4", secret, NULL);
  hmac_sha256 ((const guint8 *) first, strlen (first), date, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, service, k_service);
  hmac_sha256 (k_service, 32, "aws4_request", key_out);

  /* Derived key material does not outlive its use. */
  memset (first, 0, strlen (first));
  memset (k_date, 0, sizeof k_date);
  memset (k_region, 0, sizeof k_region);
  memset (k_service, 0, sizeof k_service);
}

char *
pv_sigv4_signature (const char *secret,
                    const char *amz_date,
                    const char *region,
                    const char *service,
                    const char *string_to_sign)
{
  char date[9];
  guint8 key[32];
  guint8 sig[32];

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);

  memcpy (date, amz_date, 8);
  date[8] = '\0';
  pv_sigv4_signing_key (secret, date, region, service, key);
  hmac_sha256 (key, sizeof key, string_to_sign, sig);
  memset (key, 0, sizeof key);

  return hex_encode (sig, sizeof sig);
}

char *
pv_sigv4_authorization (const char          *access_key,
                        const char          *secret,
                        const char          *region,
                        const char          *service,
                        const char          *amz_date,
                        const char          *method,
                        const char          *path,
                        const char          *query,
                        const PvSigv4Header *headers,
                        guint                n_headers,
                        const guint8        *body,
                        gsize                body_len)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (method != NULL, NULL);

  creq = pv_sigv4_canonical_request (method, path, query, headers, n_headers, body, body_len,
                                     &signed_headers);
  sts = pv_sigv4_string_to_sign (amz_date, region, service, creq);
  signature = pv_sigv4_signature (secret, amz_date, region, service, sts);

  return g_strdup_printf (ALGORITHM " Credential=%s/%.8s/%s/%s/aws4_request, "
                          "SignedHeaders=%s, Signature=%s",
                          access_key, amz_date, region, service, signed_headers, signature);
}

char *
pv_sigv4_format_amz_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

GDateTime *
pv_sigv4_parse_amz_date (const char  *amz_date,
                         GError     **error)
{
  int v[6];
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  const char *p = amz_date;
  GDateTime *result;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (amz_date == NULL || strlen (amz_date) != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z')
    goto malformed;

  for (guint i = 0; i < 6; i++)
    {
      v[i] = 0;
      for (int j = 0; j < widths[i]; j++, p++)
        {
          if (!g_ascii_isdigit (*p))
            goto malformed;
          v[i] = v[i] * 10 + (*p - '0');
        }
      if (i == 2)
        p++;  /* the 'T' */
    }

  result = g_date_time_new_utc (v[0], v[1], v[2], v[3], v[4], v[5]);
  if (result != NULL)
    return result;

malformed:
  g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
               "X-Amz-Date “%s” is not of the form YYYYMMDDTHHMMSSZ",
               amz_date != NULL ? amz_date : "");
  return NULL;
}

static gboolean
is_lower_hex (const char *s,
              gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
pv_sigv4_parse_authorization (const char           *value,
                              PvSigv4Authorization *out,
                              GError              **error)
{
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) scope = NULL;
  const char *credential = NULL;
  const char *signed_headers = NULL;
  const char *signature = NULL;
  guint n_scope;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (value == NULL || !g_str_has_prefix (value, ALGORITHM " "))
    {
      g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                   "Authorization header does not start with “" ALGORITHM " ”");
      return FALSE;
    }

  fields = g_strsplit (value + strlen (ALGORITHM " "), ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *f = g_strstrip (fields[i]);

      if (g_str_has_prefix (f, "Credential=") && credential == NULL)
        credential = f + strlen ("Credential=");
      else if (g_str_has_prefix (f, "SignedHeaders=") && signed_headers == NULL)
        signed_headers = f + strlen ("SignedHeaders=");
      else if (g_str_has_prefix (f, "Signature=") && signature == NULL)
        signature = f + strlen ("Signature=");
      else
        {
          g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                       "Authorization header has an unexpected field “%.40s”", f);
          return FALSE;
        }
    }

  if (credential == NULL || signed_headers == NULL || signature == NULL)
    {
      g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                   "Authorization header lacks Credential, SignedHeaders or Signature");
      return FALSE;
    }

  scope = g_strsplit (credential, "/", -1);
  n_scope = g_strv_length (scope);
  if (n_scope != 5 || scope[0][0] == '\0' || strlen (scope[1]) != 8 || scope[2][0] == '\0' ||
      scope[3][0] == '\0' || strcmp (scope[4], "aws4_request") != 0)
    {
      g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                   "Authorization Credential is not KEY/DATE/REGION/SERVICE/aws4_request");
      return FALSE;
    }

  if (!is_lower_hex (signature, 64))
    {
      g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                   "Authorization Signature is not 64 lower-case hex digits");
      return FALSE;
    }

  if (signed_headers[0] == '\0')
    {
      g_set_error (error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED,
                   "Authorization SignedHeaders is empty");
      return FALSE;
    }

  out->access_key = g_strdup (scope[0]);
  out->date = g_strdup (scope[1]);
  out->region = g_strdup (scope[2]);
  out->service = g_strdup (scope[3]);
  out->signed_headers = g_strsplit (signed_headers, ";", -1);
  out->signature = g_strdup (signature);

  return TRUE;
}

void
pv_sigv4_authorization_clear (PvSigv4Authorization *authz)
{
  g_return_if_fail (authz != NULL);

  g_clear_pointer (&authz->access_key, g_free);
  g_clear_pointer (&authz->date, g_free);
  g_clear_pointer (&authz->region, g_free);
  g_clear_pointer (&authz->service, g_free);
  g_clear_pointer (&authz->signed_headers, g_strfreev);
  g_clear_pointer (&authz->signature, g_free);
}

/* A signature compared with strcmp leaks, through its timing, how many leading bytes matched. */
gboolean
pv_sigv4_equal_constant_time (const char *a,
                              const char *b)
{
  gsize la, lb;
  guint8 diff;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  la = strlen (a);
  lb = strlen (b);
  diff = la != lb;
  for (gsize i = 0; i < la && i < lb; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];

  return diff == 0;
}
