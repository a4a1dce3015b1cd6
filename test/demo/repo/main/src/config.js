// Settings of the storefront.
// Planted for the Palisade demo: the keys below are generated when the demo starts; none is real.
module.exports = {
  port: Number(process.env.PORT || 3000),
  database: 'postgres://storefront:{{fake-secret:db-password}}@db.acme.internal:5432/shop',
  aws: {
    region: 'eu-west-1',
    bucket: 'acme-storefront-invoices',
    accessKeyId: '{{fake-secret:aws-access-key-id}}',
    secretAccessKey: '{{fake-secret:aws-secret-access-key}}',
  },
};
