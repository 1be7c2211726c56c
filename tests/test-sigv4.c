/* test-sigv4.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sigv4"

#include "config.h"

#include <string.h>

#include "pv-sigv4.h"

/* The suite's fixed inputs (SOURCES.md section 4, from botocore's test_sigv4.py). */
#define ACCESS_KEY "AKIDEXAMPLE"
#define SECRET     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define REGION     "us-east-1"
#define SERVICE    "service"
#define AMZ_DATE   "20150830T123600Z"

typedef struct {
  char *dir;    /* the case folder */
  char *name;   /* its base name, also the files' stem */
} SuiteCase;

static GPtrArray *suite_cases;      /* of SuiteCase */
static guint      suite_case_dirs;  /* folders holding any case file */
static char      *suite_root;

static void
suite_case_free (gpointer data)
{
  SuiteCase *c = data;

  g_free (c->dir);
  g_free (c->name);
  g_free (c);
}

static char *
read_case_file (const SuiteCase *c,
                const char      *ext,
                gsize           *len)
{
  g_autofree char *file = g_strconcat (c->name, ext, NULL);
  g_autofree char *path = g_build_filename (c->dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

typedef struct {
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *names;   /* of char* */
  GPtrArray *values;  /* of GString* */
  char      *body;
  gsize      body_len;
} ParsedRequest;

static void
parsed_request_clear (ParsedRequest *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->query);
  g_ptr_array_unref (r->names);
  g_ptr_array_unref (r->values);
  g_free (r->body);
}

static void
string_free_full (gpointer s)
{
  g_string_free (s, TRUE);
}

/* The .req files are raw HTTP/1.1: "METHOD TARGET HTTP/1.1", then headers (a line starting
 * with white space continues the previous value), then an empty line and the body. The target
 * may hold a space (normalize-path/get-space), so the version is split off from the right. */
static void
parse_request (const char    *text,
               gsize          len,
               ParsedRequest *r)
{
  const char *end = text + len;
  const char *line = text;
  const char *nl;
  const char *sp1, *sp2;
  g_autofree char *target = NULL;
  char *q;

  memset (r, 0, sizeof *r);
  r->names = g_ptr_array_new_with_free_func (g_free);
  r->values = g_ptr_array_new_with_free_func (string_free_full);

  nl = memchr (line, '\n', end - line);
  g_assert_nonnull (nl);
  sp1 = memchr (line, ' ', nl - line);
  g_assert_nonnull (sp1);
  sp2 = g_strrstr_len (line, nl - line, " ");
  g_assert_true (sp2 > sp1);
  g_assert_true (g_str_has_prefix (sp2 + 1, "HTTP/1.1"));

  r->method = g_strndup (line, sp1 - line);
  target = g_strndup (sp1 + 1, sp2 - sp1 - 1);
  q = strchr (target, '?');
  if (q != NULL)
    {
      r->query = g_strdup (q + 1);
      *q = '\0';
    }
  r->path = g_strdup (target);

  line = nl + 1;
  while (line < end)
    {
      const char *colon;
      gsize line_len;

      nl = memchr (line, '\n', end - line);
      line_len = nl != NULL ? (gsize) (nl - line) : (gsize) (end - line);

      if (line_len == 0)
        {
          line += 1;
          r->body_len = end - line;
          r->body = g_strndup (line, r->body_len);
          break;
        }

      if (line[0] == ' ' || line[0] == '\t')
        {
          g_assert_cmpuint (r->values->len, >, 0);
          g_string_append_c (g_ptr_array_index (r->values, r->values->len - 1), '\n');
          g_string_append_len (g_ptr_array_index (r->values, r->values->len - 1), line, line_len);
        }
      else
        {
          colon = memchr (line, ':', line_len);
          g_assert_nonnull (colon);
          g_ptr_array_add (r->names, g_strndup (line, colon - line));
          g_ptr_array_add (r->values, g_string_new_len (colon + 1, line_len - (colon - line) - 1));
        }

      if (nl == NULL)
        break;
      line = nl + 1;
    }
}

static gboolean
has_header (const ParsedRequest *r,
            const char          *name)
{
  for (guint i = 0; i < r->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (r->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_suite_case (gconstpointer data)
{
  const SuiteCase *c = data;
  g_autofree char *req = NULL, *creq = NULL, *sts = NULL, *authz = NULL;
  g_autofree char *my_creq = NULL, *my_sts = NULL, *my_authz = NULL, *signed_headers = NULL;
  g_autofree PvSigv4Header *headers = NULL;
  const char *token_line;
  gsize req_len;
  ParsedRequest r;

  req = read_case_file (c, ".req", &req_len);
  creq = read_case_file (c, ".creq", NULL);
  sts = read_case_file (c, ".sts", NULL);
  authz = read_case_file (c, ".authz", NULL);

  parse_request (req, req_len, &r);

  /* A case whose canonical request signs a session token the .req does not carry
   * (get-vanilla-with-session-token) means: the signer adds the token header. */
  token_line = strstr (creq, "\nx-amz-security-token:");
  if (token_line != NULL && !has_header (&r, "X-Amz-Security-Token"))
    {
      const char *value = token_line + strlen ("\nx-amz-security-token:");
      const char *eol = strchr (value, '\n');

      g_assert_nonnull (eol);
      g_ptr_array_add (r.names, g_strdup ("X-Amz-Security-Token"));
      g_ptr_array_add (r.values, g_string_new_len (value, eol - value));
    }

  headers = g_new0 (PvSigv4Header, r.names->len + 1);
  for (guint i = 0; i < r.names->len; i++)
    {
      headers[i].name = g_ptr_array_index (r.names, i);
      headers[i].value = ((GString *) g_ptr_array_index (r.values, i))->str;
    }

  my_creq = pv_sigv4_canonical_request (r.method, r.path, r.query, headers, r.names->len,
                                        (const guint8 *) r.body, r.body_len, &signed_headers);
  g_assert_cmpstr (my_creq, ==, creq);

  my_sts = pv_sigv4_string_to_sign (AMZ_DATE, REGION, SERVICE, my_creq);
  g_assert_cmpstr (my_sts, ==, sts);

  my_authz = pv_sigv4_authorization (ACCESS_KEY, SECRET, REGION, SERVICE, AMZ_DATE,
                                     r.method, r.path, r.query, headers, r.names->len,
                                     (const guint8 *) r.body, r.body_len);
  g_assert_cmpstr (my_authz, ==, authz);

  parsed_request_clear (&r);
}

static gboolean
is_case_file (const char *name)
{
  return g_str_has_suffix (name, ".req") || g_str_has_suffix (name, ".creq") ||
         g_str_has_suffix (name, ".sts") || g_str_has_suffix (name, ".authz") ||
         g_str_has_suffix (name, ".sreq");
}

static void
collect_cases (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *req_name = g_strconcat (base, ".req", NULL);
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  gboolean any_case_file = FALSE;
  gboolean has_req = FALSE;
  const char *name;

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (subdirs, g_steal_pointer (&path));
      else if (is_case_file (name))
        {
          any_case_file = TRUE;
          if (strcmp (name, req_name) == 0)
            has_req = TRUE;
        }
    }

  if (any_case_file)
    suite_case_dirs++;

  /* Only a folder with NAME.req named after the folder is a case; any other folder holding case
   * files still counts in suite_case_dirs, so /sigv4/aws4-testsuite/count catches it. */
  if (has_req)
    {
      SuiteCase *c = g_new0 (SuiteCase, 1);

      c->dir = g_strdup (dir);
      c->name = g_strdup (base);
      g_ptr_array_add (suite_cases, c);
    }

  g_ptr_array_sort (subdirs, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < subdirs->len; i++)
    collect_cases (g_ptr_array_index (subdirs, i));
}

static void
test_suite_count (void)
{
  if (suite_root == NULL)
    {
      g_test_skip ("PATHVIEW_SHARED_DATA is not set or has no sigv4/aws4_testsuite");
      return;
    }

  g_test_message ("%u cases in %u case folders under %s", suite_cases->len, suite_case_dirs,
                  suite_root);
  /* A case folder whose files were misnamed would otherwise drop out without a trace. */
  g_assert_cmpuint (suite_cases->len, >, 0);
  g_assert_cmpuint (suite_cases->len, ==, suite_case_dirs);
}

static void
test_parse_authorization (void)
{
  g_autoptr(GError) error = NULL;
  PvSigv4Authorization a;
  g_autofree char *authz = NULL;
  PvSigv4Header headers[] = {
    { "Host", "example.amazonaws.com" },
    { "X-Amz-Date", AMZ_DATE },
  };
  static const char *bad[] = {
    "",
    "AWS4-HMAC-SHA1 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature=00",
    "AWS4-HMAC-SHA256 Credential=a/2015083/r/s/aws4_request, SignedHeaders=host, Signature="
    "0000000000000000000000000000000000000000000000000000000000000000",
    "AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature="
    "000000000000000000000000000000000000000000000000000000000000000G",
    "AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host",
    "AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature="
    "0000000000000000000000000000000000000000000000000000000000000000, Extra=1",
  };

  authz = pv_sigv4_authorization (ACCESS_KEY, SECRET, REGION, SERVICE, AMZ_DATE, "GET", "/", NULL,
                                  headers, G_N_ELEMENTS (headers), NULL, 0);
  g_assert_true (pv_sigv4_parse_authorization (authz, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a.access_key, ==, ACCESS_KEY);
  g_assert_cmpstr (a.date, ==, "20150830");
  g_assert_cmpstr (a.region, ==, REGION);
  g_assert_cmpstr (a.service, ==, SERVICE);
  g_assert_cmpuint (g_strv_length (a.signed_headers), ==, 2);
  g_assert_cmpstr (a.signed_headers[0], ==, "host");
  g_assert_cmpstr (a.signed_headers[1], ==, "x-amz-date");
  /* get-vanilla's expected signature, from the suite's own .authz */
  g_assert_cmpstr (a.signature, ==,
                   "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  pv_sigv4_authorization_clear (&a);
  g_assert_null (a.access_key);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;

      g_assert_false (pv_sigv4_parse_authorization (bad[i], &a, &bad_error));
      g_assert_error (bad_error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED);
      g_assert_null (a.access_key);
    }
}

static void
test_amz_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  g_autofree char *formatted = NULL;
  static const char *bad[] = {
    "", "20150830T123600", "20150830 123600Z", "2015083XT123600Z", "20151330T123600Z",
    "20150830T123600Z0",
  };

  t = pv_sigv4_parse_amz_date (AMZ_DATE, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (t, expected));
  formatted = pv_sigv4_format_amz_date (t);
  g_assert_cmpstr (formatted, ==, AMZ_DATE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(GDateTime) bad_t = pv_sigv4_parse_amz_date (bad[i], &bad_error);

      g_assert_null (bad_t);
      g_assert_error (bad_error, PV_SIGV4_ERROR, PV_SIGV4_ERROR_MALFORMED);
    }
}

static void
test_equal_constant_time (void)
{
  g_assert_true (pv_sigv4_equal_constant_time ("abc", "abc"));
  g_assert_true (pv_sigv4_equal_constant_time ("", ""));
  g_assert_false (pv_sigv4_equal_constant_time ("abc", "abd"));
  g_assert_false (pv_sigv4_equal_constant_time ("abc", "ab"));
  g_assert_false (pv_sigv4_equal_constant_time ("ab", "abc"));
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("PATHVIEW_SHARED_DATA");
  int ret;

  g_test_init (&argc, &argv, NULL);

  suite_cases = g_ptr_array_new_with_free_func (suite_case_free);
  if (shared != NULL)
    {
      g_autofree char *root = g_build_filename (shared, "sigv4", "aws4_testsuite", NULL);

      if (g_file_test (root, G_FILE_TEST_IS_DIR))
        {
          suite_root = g_steal_pointer (&root);
          collect_cases (suite_root);
        }
    }

  g_test_add_func ("/sigv4/aws4-testsuite/count", test_suite_count);
  for (guint i = 0; i < suite_cases->len; i++)
    {
      SuiteCase *c = g_ptr_array_index (suite_cases, i);
      g_autofree char *rel = g_strdup (c->dir + strlen (suite_root) + 1);
      g_autofree char *test_path = g_strconcat ("/sigv4/aws4-testsuite/", rel, NULL);

      g_test_add_data_func (test_path, c, test_suite_case);
    }
  g_test_add_func ("/sigv4/parse-authorization", test_parse_authorization);
  g_test_add_func ("/sigv4/amz-date", test_amz_date);
  g_test_add_func ("/sigv4/equal-constant-time", test_equal_constant_time);

  ret = g_test_run ();

  g_ptr_array_unref (suite_cases);
  g_free (suite_root);

  return ret;
}
