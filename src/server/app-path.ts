// Which application and instance a `connect` names. The splitting rule lives in one place, the RTMP layer's
// connectTarget (app wins when it names a path, tcUrl is the fallback; queries merged, app's first), so the
// server, the client and the tests resolve one URL the same way every time. Here we only fold the
// application's case (FMS application names are case-insensitive) and map errors to the server's code.
import { LocalProtocolError, connectTarget } from '../rtmp/index.js';
import { ServerError } from './errors.js';

export const DEFAULT_INSTANCE = '_definst_';

export interface AppPath {
  /** Lower-cased application name. */
  readonly application: string;
  /** Instance name ('_definst_' by default); may contain '/'. */
  readonly instance: string;
  /** Merged query parameters of app and tcUrl, first value wins; no prototype. */
  readonly query: Readonly<Record<string, string>>;
}

export interface AppPathLimits {
  /** Maximum length of app and tcUrl. Defaults to 2048. */
  readonly maxLength?: number;
  /** Maximum query parameters. Defaults to 32. */
  readonly maxQueryParams?: number;
}

/** Parses the application path of a connect request; throws ServerError SERVER_ERR_APP_PATH on unsafe input. */
export function parseAppPath(app: string, tcUrl: string, limits: AppPathLimits = {}): AppPath {
  try {
    const target = connectTarget(app, tcUrl, {
      maxLength: limits.maxLength ?? 2048,
      maxQueryParams: limits.maxQueryParams ?? 32,
    });
    return { application: target.application.toLowerCase(), instance: target.instance, query: target.query };
  } catch (err) {
    if (err instanceof LocalProtocolError) throw new ServerError('SERVER_ERR_APP_PATH', err.message);
    throw err;
  }
}
