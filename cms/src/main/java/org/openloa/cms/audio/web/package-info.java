/**
 * Audio on the web: job progress for the API, and the one way an asset is handed out over HTTP
 * ({@link org.openloa.cms.audio.web.AudioDownload}), which the bulletin and edge answers use too.
 */
@NamedInterface("web")
package org.openloa.cms.audio.web;

import org.springframework.modulith.NamedInterface;
