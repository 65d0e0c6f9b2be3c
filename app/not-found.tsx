import { NotFoundPage } from "@/components/layout/NotFoundPage";

/** A path no page answers (HTTP 404). */
export default NotFoundPage;
