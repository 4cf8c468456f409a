/**
 * The fast listener: GET /edge/v1/manifest on its own port ({@code openloa.edge.fast-port}), on Netty instead of
 * Tomcat, because a poll answered from memory costs Tomcat's per-request machinery about 40 µs of CPU and the
 * answer itself about 2 (docs/benchmarks.md, "Edge manifest"). It answers only what
 * {@link org.openloa.cms.edge.ManifestHotPath} answers from memory, with the same rules as the servlet filter,
 * reading the poll from the connection's bytes ahead of Netty's HTTP codec ({@code ManifestPolls}); every miss and
 * every other /edge/v1 request goes through the codec and is passed, as it is, to cms's own HTTP port on loopback
 * ({@code EdgeConnection}), so the protocol has one implementation.
 */
package org.openloa.cms.edge.fast;
