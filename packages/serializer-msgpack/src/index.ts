/**
 * @cachex-js/serializer-msgpack: pipeline placeholder. The package's capabilities arrive in later issues;
 * this export only proves build, types, test and publish wiring.
 */
export const PACKAGE_NAME = '@cachex-js/serializer-msgpack'
