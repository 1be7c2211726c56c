/* pv-aws-config.h
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_AWS_CONFIG_ERROR (pv_aws_config_error_quark ())

typedef enum
{
  PV_AWS_CONFIG_ERROR_NO_REGION,
  PV_AWS_CONFIG_ERROR_NO_CREDENTIALS,
  PV_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND,
  PV_AWS_CONFIG_ERROR_PARTIAL_CREDENTIALS,
  PV_AWS_CONFIG_ERROR_INVALID_FILE,
  PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT,
  PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT,
} PvAwsConfigError;

/* What the caller knows better than the environment; NULL fields fall back to the AWS CLI rules.
 * The explicit credentials (for example from the keyring) win over everything else. */
typedef struct
{
  const char *endpoint_url;        /* --endpoint-url */
  const char *region;              /* --region */
  const char *profile;             /* --profile */
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;
  gboolean    allow_insecure_http; /* plain http to hosts other than loopback */
} PvAwsConfigOptions;

typedef struct
{
  char *endpoint_url;        /* validated, http(s) */
  char *endpoint_source;     /* where a configured endpoint came from (an environment variable,
                              * "FILE [services NAME]", "FILE [profile NAME]"), safe to show;
                              * NULL when it was given explicitly or is AWS's own */
  char *region;
  char *profile;             /* the profile in effect ("default" when none was named) */
  char *access_key_id;
  char *secret_access_key;   /* never log this */
  char *session_token;       /* NULL when there is none; never log this */
  char *credentials_source;  /* where they came from, safe to show ("environment", a file path) */
} PvAwsConfig;

GQuark       pv_aws_config_error_quark (void);

PvAwsConfig *pv_aws_config_resolve     (const PvAwsConfigOptions *options,
                                        GError                  **error);
char        *pv_aws_config_resolve_endpoint (const PvAwsConfigOptions *options,
                                             GError                  **error);
PvAwsConfig *pv_aws_config_copy        (const PvAwsConfig        *config);
void         pv_aws_config_free        (PvAwsConfig              *config);
gboolean     pv_aws_config_validate_endpoint (const char *endpoint_url,
                                              gboolean    allow_insecure_http,
                                              GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvAwsConfig, pv_aws_config_free)

G_END_DECLS
