/**
 * Play logs (nhật ký phát): proof of play reported by devices through the edge API, stored once per entry id
 * (the device's own), and read back within the caller's subtree as JSON or CSV.
 */
package org.openloa.cms.playlog;
