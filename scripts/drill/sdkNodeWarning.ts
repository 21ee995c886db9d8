/**
 * Side-effect module, imported first: the AWS SDK prints an 8-line warning on
 * Node < 22 about SDK versions published after January 2027. The drill (like
 * the operator CLI) pins an SDK that supports the Node versions this package
 * supports, so the warning is noise here; a value set by the user wins.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
